from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed, hashed storage, also rewriting ES module imports.

    Without it, the import of GOV.UK Frontend's module in our entry script would
    keep the unhashed name, which is not served once names are hashed.
    """

    support_js_module_import_aggregation = True
