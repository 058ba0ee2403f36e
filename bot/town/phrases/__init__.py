"""How town facts are written in each answer language: dates and times
(date_formats), office hours and the next opening (formatting), and Japan's
holidays by name (holiday_names). Used by the office actions and by the staff
pages' answer preview."""
