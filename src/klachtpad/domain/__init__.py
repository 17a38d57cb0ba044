"""Pure rules of complaint handling: no Django, no clock, no database.

Callers pass in dates, calendars and state; functions return values or refusals.
"""
