"""The answers' content as the town signs it off: sources, glossary, report."""
