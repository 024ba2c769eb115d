"""The shop's rate card: the one service that knows which card prices new quotes."""
