"""A PostgreSQL statement timeout for one block of a request.

    with transaction.atomic(), statement_timeout(2000):
        ...  # any statement running longer than 2 s raises QueryCanceled

SET LOCAL lasts until the end of the transaction, so the connection (pooled or
persistent) goes back to the server's default afterwards. Catch
`psycopg.errors.QueryCanceled` outside the atomic block, which rolls back.
"""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def statement_timeout(milliseconds: int):
    """Cancel any statement of the enclosing transaction that runs past `milliseconds`
    (0 leaves the server's setting alone)."""
    if milliseconds and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)])
    yield
