"""Scores how much accounts resemble the people an order names, with reasons a person can check."""
