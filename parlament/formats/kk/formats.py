# Kazakh dates read year first: "2026 ж. 1 шілде" (Django ships no Kazakh formats).
DATE_FORMAT = r"Y \ж. j F"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = r"Y \ж. j F, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = r"Y \ж. F"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
