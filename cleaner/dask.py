"""Clean a `dask.bag` or a `dask.dataframe` column partition by partition on a Dask cluster.

Dask does the scheduling; this module only supplies the partition functions. Each worker
process builds one `Cleaner` from the (small, picklable) `Options` the first time it sees them
and reuses it for every later partition: a Cleaner holds no per-document state, so the cache
cannot make a result depend on which documents a worker saw before.

Records are cleaned exactly as the CLI cleans a JSONL record (same language lookup, same
trailing-newline rule), so `clean_bag` over `read_text(...).map(json.loads)` gives the same
texts as `clean data.jsonl`.

    >>> import dask.bag as db                                    # doctest: +SKIP
    >>> from cleaner.dask import clean_bag
    >>> clean_bag(db.read_text("shards/*.jsonl").map(json.loads)).map(json.dumps) \\
    ...     .to_textfiles("clean/*.jsonl")

Needs the extra: `pip install 'clean-news[dask]'` (or `.[dask]` in a checkout).
"""
from __future__ import annotations

from .jsonl import RecordSpec, clean_value
from .pipeline import Cleaner, Options, cleaner_for


def _require_dask():
    try:
        import dask  # noqa: F401
    except ImportError:
        raise ImportError("cleaner.dask needs Dask: pip install 'clean-news[dask]'") from None


def options_of(cleaner_or_options=None, **kwargs) -> Options:
    """Options from a Cleaner, an Options, or Cleaner keyword arguments (rules=, skip=, ...)."""
    if isinstance(cleaner_or_options, Options):
        return cleaner_or_options
    if isinstance(cleaner_or_options, Cleaner):
        return cleaner_or_options.options
    return Cleaner(**kwargs).options  # built here once, so bad rules fail before any task runs



def clean_item(cleaner: Cleaner, item, spec: RecordSpec):
    """A str comes back cleaned; a dict comes back as a new dict with the cleaned field (and
    the change list under `spec.removed_field` with keep_removed); anything else, or a dict
    without a string field, comes back unchanged."""
    if isinstance(item, str):
        return clean_value(cleaner, item)[0]
    if not isinstance(item, dict):
        return item
    text = item.get(spec.text_field)
    if not isinstance(text, str):
        return item
    out_text, result = clean_value(cleaner, text, item.get(spec.lang_field))
    rec = dict(item)
    rec[spec.output_field or spec.text_field] = out_text
    if spec.keep_removed:
        rec[spec.removed_field] = [c.to_dict() for c in result.changes]
    return rec


def _bag_partition(items, options: Options, spec: RecordSpec) -> list:
    c = cleaner_for(options)
    return [clean_item(c, it, spec) for it in items]


def _frame_partition(df, options: Options, column: str, output_column: str,
                     lang_column: str | None):
    c = cleaner_for(options)
    out = df.copy()
    langs = df[lang_column] if lang_column and lang_column in df.columns else None
    values = []
    for i, text in enumerate(df[column]):
        if isinstance(text, str):
            lang = langs.iloc[i] if langs is not None else None
            values.append(clean_value(c, text, lang)[0])
        else:
            values.append(text)
    out[output_column] = type(df[column])(values, index=df.index, dtype=df[column].dtype)
    return out


def clean_bag(bag, cleaner=None, *, text_field: str = "text", output_field: str | None = None,
              keep_removed: bool = False, **cleaner_kwargs):
    """Clean a bag of strings or dict records lazily; returns a new bag in the same order."""
    _require_dask()
    options = options_of(cleaner, **cleaner_kwargs)
    spec = RecordSpec(text_field, output_field, keep_removed)
    return bag.map_partitions(_bag_partition, options, spec)


def clean_dataframe(df, column: str = "text", cleaner=None, *, output_column: str | None = None,
                    lang_column: str | None = "lang", **cleaner_kwargs):
    """Clean a text column of a dask DataFrame; non-string cells (None, NaN) stay as they are."""
    _require_dask()
    options = options_of(cleaner, **cleaner_kwargs)
    output_column = output_column or column
    meta = df._meta.copy()
    meta[output_column] = meta[column]
    return df.map_partitions(_frame_partition, options, column, output_column, lang_column,
                             meta=meta)
