"""SQL functions for search in each text's language (issue 17).

- spring_fold(text): the text without accents (NFD, combining marks dropped, the few
  letters that do not decompose folded by hand), the twin of languages.fold(). The
  unaccent extension is missing from the embedded server, so this works everywhere.
- spring_ts_config(language code): the text search configuration for a language
  (languages.SEARCH_CONFIGS), "simple" for the others.
- spring_tsvector_agg(tsvector): concatenates vectors over rows (one per translation).
"""

from django.db import migrations

from spring_portal.languages import SEARCH_CONFIGS

CASES = "\n".join(
    f"    WHEN '{code}' THEN '{config}'::regconfig" for code, config in sorted(SEARCH_CONFIGS.items())
)

CREATE = f"""
CREATE OR REPLACE FUNCTION spring_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  -- ASCII text (most English) has nothing to fold: one length check skips the work.
  SELECT CASE WHEN octet_length($1) = char_length($1) THEN $1 ELSE translate(
    replace(replace(replace(replace(replace(
      regexp_replace(normalize($1, NFD), '[\u0300-\u036f]', '', 'g'),
      'ß', 'ss'), 'æ', 'ae'), 'Æ', 'AE'), 'œ', 'oe'), 'Œ', 'OE'),
    'łŁøØđĐħĦı', 'lLoOdDhHi') END
$$;

CREATE OR REPLACE FUNCTION spring_ts_config(text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE split_part(lower(coalesce($1, '')), '-', 1)
{CASES}
    ELSE 'simple'::regconfig
  END
$$;

CREATE OR REPLACE AGGREGATE spring_tsvector_agg(tsvector) (
  SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = ''
);
"""

DROP = """
DROP AGGREGATE IF EXISTS spring_tsvector_agg(tsvector);
DROP FUNCTION IF EXISTS spring_ts_config(text);
DROP FUNCTION IF EXISTS spring_fold(text);
"""


class Migration(migrations.Migration):
    dependencies = [("spring_portal", "0007_database_cache_table")]

    operations = [migrations.RunSQL(CREATE, DROP)]
