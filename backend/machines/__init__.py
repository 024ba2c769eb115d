"""Machines of the shop floor and the periods staff mark them down (issue 15)."""
