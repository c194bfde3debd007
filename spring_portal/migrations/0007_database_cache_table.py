"""The table of the database cache (CACHE_URL=db://, the production default without Redis).

Created here so that `migrate`, which every deployment already runs, is enough; the
columns are those of `manage.py createcachetable`.
"""

from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS "portal_cache" (
    "cache_key" varchar(255) NOT NULL PRIMARY KEY,
    "value" text NOT NULL,
    "expires" timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS "portal_cache_expires" ON "portal_cache" ("expires");
"""

DROP = 'DROP TABLE IF EXISTS "portal_cache";'


class Migration(migrations.Migration):
    dependencies = [('spring_portal', '0006_text_max_length')]

    operations = [migrations.RunSQL(CREATE, DROP)]
