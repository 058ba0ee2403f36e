"""Review actions: grouping similar questions, the assignable topics, staff decisions."""
