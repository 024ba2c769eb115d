"""QC by ISO 2859-1: the plan per order, measured values and the verdict that follows it."""
