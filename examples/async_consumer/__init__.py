"""An asyncio notifications service on aiobotocore: concurrent sends, batch deletes, backoff."""
