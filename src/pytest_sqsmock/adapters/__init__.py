"""The ways in: each adapter turns a client's request into ``api.dispatch`` and back."""
