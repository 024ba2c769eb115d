"""The production schedule kept in the database: placed jobs, promised dates, slips."""
