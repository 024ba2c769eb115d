"""Orders: accepting a quote, the lifecycle as a state machine, history and outbox."""
