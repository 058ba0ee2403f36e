"""Which language a resident writes in and wants answers in."""
