"""Production planning: machine calendars, a finite-capacity schedule and build nesting.

Pure functions over plain data (no database, no clock of its own): the backend feeds it the
rate card's machines, the open jobs and "now", and stores what it decides.
"""
