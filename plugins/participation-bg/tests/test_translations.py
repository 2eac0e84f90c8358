"""Every English message the registry knows has a Bulgarian text."""

from __future__ import annotations

from participation.registry import Registry


def test_hook_register_translations(bg_registry: Registry) -> None:
    assert "bg" in bg_registry.languages()
    assert bg_registry.translate("stage.drafting", "bg") == "Изготвяне"
    assert bg_registry.translate("outcome.not_examined", "bg") == "Оставено без разглеждане"
    assert bg_registry.channel_label("web_form", "bg") == "Уеб формуляр"
    # anything without a Bulgarian text falls back to English
    assert bg_registry.translate("no.such.id", "bg", default="x") == "x"


def test_every_english_message_has_a_bulgarian_text(bg_registry: Registry) -> None:
    english = bg_registry.translations["en"]
    bulgarian = bg_registry.translations["bg"]
    missing = sorted(msgid for msgid in english if not bulgarian.get(msgid, "").strip())
    assert not missing, f"{len(missing)} message ids without Bulgarian text: {missing}"


def test_every_channel_has_a_bulgarian_name(bg_registry: Registry) -> None:
    bulgarian = bg_registry.translations["bg"]
    missing = sorted(key for key, channel in bg_registry.channel_types.items()
                     if f"channel.{key}" not in bulgarian and "bg" not in channel.labels)
    assert not missing, f"channels without a Bulgarian name: {missing}"


def test_bulgarian_texts_are_not_english_copies(bg_registry: Registry) -> None:
    english = bg_registry.translations["en"]
    bulgarian = bg_registry.translations["bg"]
    same_in_both = {"report.n"}  # the statistical symbol n is written the same
    copies = sorted(m for m in english if bulgarian.get(m) == english[m] and m not in same_in_both)
    assert not copies, copies


def test_no_two_channels_share_a_bulgarian_name(bg_registry: Registry) -> None:
    names = [bg_registry.channel_label(k, "bg") for k in bg_registry.channel_types]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
