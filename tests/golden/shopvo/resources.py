"""Resources of the shopvo surface: what each stores and how. Generated; do not edit."""

from specloom.generator.ir import Derivation, FieldInfo, Flag, Relation, Resource, StateMachine, Transition  # noqa: F401

PRODUCTS = Resource(
    name="products",
    schema_name="Product",
    id_prefix="prd_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="name", column_type="text"),
        FieldInfo(name="slug", column_type="text"),
        FieldInfo(name="description", column_type="text"),
        FieldInfo(name="sku", column_type="text"),
        FieldInfo(name="price", column_type="integer"),
        FieldInfo(name="compareAtPrice", column_type="integer"),
        FieldInfo(name="images", column_type=None, is_array=True),
        FieldInfo(name="status", column_type="text"),
        FieldInfo(name="featured", column_type="boolean"),
        FieldInfo(name="brandId", column_type="text"),
        FieldInfo(name="categoryIds", column_type=None, is_array=True),
        FieldInfo(name="createdAt", column_type="text"),
        FieldInfo(name="updatedAt", column_type="text"),
        FieldInfo(name="variants", column_type=None, is_array=True),
        FieldInfo(name="brand", column_type=None),
        FieldInfo(name="categories", column_type=None, is_array=True),
    ),
    lookup=("id", "slug"),
    unique=(("slug",),),
    searchable=("name", "sku", "description"),
    filterable=("status", "featured", "brandId", "categoryIds"),
    read_only=("id", "createdAt", "updatedAt"),
    defaults={
        "description": None,
        "sku": None,
        "compareAtPrice": None,
        "images": [],
        "status": "ACTIVE",
        "featured": False,
        "brandId": None,
        "categoryIds": [],
    },
    relations=(
        Relation(name="variants", resource="variants", foreign_key="productId"),
        Relation(name="brand", resource="brands", local_key="brandId"),
        Relation(name="categories", resource="categories", local_key="categoryIds"),
    ),
)

VARIANTS = Resource(
    name="variants",
    schema_name="ProductVariant",
    id_prefix="var_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="productId", column_type="text"),
        FieldInfo(name="name", column_type="text"),
        FieldInfo(name="sku", column_type="text"),
        FieldInfo(name="price", column_type="integer"),
        FieldInfo(name="inventoryStatus", column_type="text"),
        FieldInfo(name="inventoryCount", column_type="integer"),
        FieldInfo(name="options", column_type=None),
        FieldInfo(name="isDefault", column_type="boolean"),
        FieldInfo(name="createdAt", column_type="text"),
        FieldInfo(name="updatedAt", column_type="text"),
    ),
    filterable=("isDefault",),
    sort=("-isDefault",),
    read_only=("id", "productId", "createdAt", "updatedAt"),
    defaults={"sku": None, "price": None, "inventoryCount": 0, "options": {}, "isDefault": False},
    parent=("products", "productId"),
    flag=Flag(field="isDefault", within="productId", first_is_set=True, promote_on_delete=True),
    derivations=(
        Derivation(
            field="inventoryStatus",
            source="inventoryCount",
            cases=((0, "OUT_OF_STOCK"), (None, "IN_STOCK")),
        ),
    ),
)

CATEGORIES = Resource(
    name="categories",
    schema_name="Category",
    id_prefix="cat_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="name", column_type="text"),
        FieldInfo(name="slug", column_type="text"),
        FieldInfo(name="parentId", column_type="text"),
        FieldInfo(name="createdAt", column_type="text"),
        FieldInfo(name="updatedAt", column_type="text"),
    ),
    lookup=("id", "slug"),
    unique=(("slug",),),
    filterable=("slug", "parentId"),
    read_only=("id", "createdAt", "updatedAt"),
    defaults={"parentId": None},
)

BRANDS = Resource(
    name="brands",
    schema_name="Brand",
    id_prefix="br_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="name", column_type="text"),
        FieldInfo(name="slug", column_type="text"),
        FieldInfo(name="createdAt", column_type="text"),
        FieldInfo(name="updatedAt", column_type="text"),
    ),
    lookup=("id", "slug"),
    unique=(("slug",),),
    filterable=("slug",),
    read_only=("id", "createdAt", "updatedAt"),
)

PROMOTIONS = Resource(
    name="promotions",
    schema_name="Promotion",
    id_prefix="promo_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="code", column_type="text"),
        FieldInfo(name="type", column_type="text"),
        FieldInfo(name="value", column_type="real"),
        FieldInfo(name="minOrderAmount", column_type="integer"),
        FieldInfo(name="maxUses", column_type="integer"),
        FieldInfo(name="usedCount", column_type="integer"),
        FieldInfo(name="status", column_type="text"),
        FieldInfo(name="expiresAt", column_type="text"),
        FieldInfo(name="createdAt", column_type="text"),
        FieldInfo(name="updatedAt", column_type="text"),
    ),
    lookup=("id", "code"),
    unique=(("code",),),
    filterable=("status", "code"),
    read_only=("id", "usedCount", "createdAt", "updatedAt"),
    defaults={
        "minOrderAmount": None,
        "maxUses": None,
        "usedCount": 0,
        "status": "ACTIVE",
        "expiresAt": None,
    },
)

STORECREDITACCOUNTS = Resource(
    name="storeCreditAccounts",
    schema_name="StoreCreditAccount",
    id_prefix="sca_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="customerId", column_type="text"),
        FieldInfo(name="balance", column_type="integer"),
        FieldInfo(name="transactions", column_type=None, is_array=True),
        FieldInfo(name="createdAt", column_type="text"),
        FieldInfo(name="updatedAt", column_type="text"),
    ),
    read_only=("id", "customerId", "balance", "createdAt", "updatedAt"),
    defaults={"balance": 0},
    relations=(
        Relation(
            name="transactions",
            resource="storeCreditTransactions",
            foreign_key="customerId",
        ),
    ),
)

STORECREDITTRANSACTIONS = Resource(
    name="storeCreditTransactions",
    schema_name="StoreCreditTransaction",
    id_prefix="sct_",
    fields=(
        FieldInfo(name="id", column_type="text"),
        FieldInfo(name="customerId", column_type="text"),
        FieldInfo(name="type", column_type="text"),
        FieldInfo(name="amount", column_type="integer"),
        FieldInfo(name="note", column_type="text"),
        FieldInfo(name="orderId", column_type="text"),
        FieldInfo(name="createdAt", column_type="text"),
    ),
    read_only=("id", "customerId", "createdAt"),
    parent=("storeCreditAccounts", "customerId"),
)

RESOURCES = (
    PRODUCTS,
    VARIANTS,
    CATEGORIES,
    BRANDS,
    PROMOTIONS,
    STORECREDITACCOUNTS,
    STORECREDITTRANSACTIONS,
)
