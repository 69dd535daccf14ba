"""Resources of the contract surface: what each stores and how. Generated; do not edit."""

from specloom.generator.ir import Derivation, FieldInfo, Flag, Relation, Resource, StateMachine, Transition  # noqa: F401

NOTES = Resource(
    name="notes",
    schema_name="Note",
    id_prefix="note_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="text", column_type="text"),
        FieldInfo(name="serial", column_type="integer"),
    ),
    timestamps=False,
)

RESOURCES = (
    NOTES,
)
