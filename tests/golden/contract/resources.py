"""Resources of the contract surface: what each stores and how. Generated; do not edit."""

from specloom.generator.ir import (  # noqa: F401
    CopyFrom, Creation, Derivation, FieldInfo, Flag, Numbering, Relation, Resource, StateMachine, Timestamps,
    Transition,
)
from specloom.generator.ir import EmittedEvent  # noqa: F401
from specloom.generator.ir import Sweep  # noqa: F401
from specloom.generator.ir import Aggregate, Owner, Reference, SettingDefault, TypedValue  # noqa: F401
from specloom.generator.ir import Condition, Coupon, Credit, Decrement, Mark, ReadDerivation, Redemption  # noqa: F401
from specloom.generator.ir import CreditReturn, Restoration  # noqa: F401

NOTES = Resource(
    name="notes",
    schema_name="Note",
    id_prefix="note_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="text", column_type="text"),
        FieldInfo(name="serial", column_type="integer"),
    ),
    surface="contract",
)

RESOURCES = (
    NOTES,
)
