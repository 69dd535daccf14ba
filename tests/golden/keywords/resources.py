"""Resources of the keywords surface: what each stores and how. Generated; do not edit."""

from specloom.generator.ir import (  # noqa: F401
    CopyFrom, Creation, Derivation, FieldInfo, Flag, Numbering, Relation, Resource, StateMachine, Timestamps,
    Transition,
)
from specloom.generator.ir import EmittedEvent  # noqa: F401
from specloom.generator.ir import Sweep  # noqa: F401
from specloom.generator.ir import Aggregate, Owner, Reference, SettingDefault, TypedValue  # noqa: F401
from specloom.generator.ir import Condition, Coupon, Credit, Decrement, Mark, ReadDerivation, Redemption  # noqa: F401
from specloom.generator.ir import CreditReturn, Restoration  # noqa: F401

WIDGETS = Resource(
    name="widgets",
    schema_name="Widget",
    id_prefix="wid_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="kind", column_type="text"),
        FieldInfo(name="nickname", column_type="text"),
        FieldInfo(name="ratio", column_type="real"),
        FieldInfo(name="point", column_type=None, is_array=True),
        FieldInfo(name="dimensions", column_type=None),
        FieldInfo(name="color", column_type="text"),
        FieldInfo(name="launchAt", column_type="text"),
        FieldInfo(name="creditCard", column_type="text"),
        FieldInfo(name="billingAddress", column_type="text"),
    ),
    filterable=("color",),
    surface="keywords",
)

RESOURCES = (
    WIDGETS,
)
