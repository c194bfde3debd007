"""`pk__any_of=ids`: a list of ids sent as one array parameter.

`pk__in=ids` turns a list into one placeholder per id: Django prepares each value
and psycopg splits and quotes a statement with thousands of parameters (~10 ms of
Python per 1,000 ids). `= ANY(%s)` sends the list as a single array, whatever its
length; the planner uses the primary key index the same way.
"""

from django.db.models import IntegerField, Lookup


@IntegerField.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [[int(item) for item in value]]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]
