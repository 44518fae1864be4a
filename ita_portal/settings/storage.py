"""Where uploaded media (evidence files, method attachments, the logo) are kept.

One app server keeps them on its disk (MEDIA_ROOT). Several app servers behind a load
balancer must share them: either MEDIA_ROOT on a shared mount, or an S3-compatible bucket
(ITA_MEDIA_STORAGE=s3, needs the optional extra `pip install -e '.[s3]'`). Files are always
served through the app (access rules, original names), so the bucket stays private.
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env_int, env_str

# On disk, a failed or rolled-back upload leaves no file behind (ita_portal/storage.py).
FILESYSTEM = "ita_portal.storage.TransactionalFileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def media_storage() -> dict:
    """The STORAGES["default"] entry chosen by ITA_MEDIA_STORAGE (filesystem or s3)."""
    kind = env_str("ITA_MEDIA_STORAGE", "filesystem").strip().lower()
    if kind == "filesystem":
        return {"BACKEND": FILESYSTEM}
    if kind == "s3":
        return {"BACKEND": S3, "OPTIONS": s3_options()}
    raise ImproperlyConfigured(f"ITA_MEDIA_STORAGE must be 'filesystem' or 's3', not {kind!r}.")


def s3_options() -> dict:
    """django-storages options from the environment.

    Credentials are not read here: boto3 takes AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
    from the environment (or an instance role), so they never sit in the settings object.
    """
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        raise ImproperlyConfigured("ITA_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options = {
        "bucket_name": bucket,
        "location": env_str("AWS_LOCATION", "").strip("/"),
        # Stored names are random already; never let an upload replace another file.
        "file_overwrite": False,
        # Objects stay private: the portal serves them itself after checking access.
        "default_acl": None,
        "querystring_auth": True,
        # Larger files spill to a temporary file while one request serves them.
        "max_memory_size": env_int("AWS_S3_MAX_MEMORY_SIZE", 5 * 1024 * 1024),
    }
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),  # MinIO, Ceph, a cloud's S3 endpoint
        ("region_name", "AWS_S3_REGION_NAME"),
        ("addressing_style", "AWS_S3_ADDRESSING_STYLE"),  # "path" for most MinIO setups
    ):
        value = env_str(variable, "").strip()
        if value:
            options[option] = value
    return options
