"""Hook specifications: every way a plugin extends ``participation``.

Contribution hooks are named ``register_*`` and return a list that the core
flattens into the :class:`~participation.registry.Registry`; a key contributed by
two plugins is an error naming both. The core calls each plugin's implementation
through pluggy (``subset_hook_caller``), one plugin at a time, so that it knows where
every item came from; a ``wrapper=True`` implementation runs around each plugin's
call and sees (and may change) that plugin's list. Every item is checked when the
registry is built (see :mod:`participation.contributions`): a class instead of an
instance, a dict instead of a list, a forgotten ``return`` or a malformed key is a
:class:`~participation.errors.PluginError` naming the plugin, the hook and the fix.
The built-ins are registered through these very hooks (see
``participation.builtins``), so each has a real implementation to read.

Implement a hook with :data:`participation.hookimpl` in a module or class that you
expose under the ``participation`` entry-point group::

    [project.entry-points.participation]
    my_plugin = "my_package.plugin"

pluggy lets an implementation accept fewer arguments than the spec names, so hooks
grow by adding arguments, never by renaming or removing them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import cattrs
    import click

    from participation.catalogue.model import Practice
    from participation.i18n import Translations
    from participation.importers.base import Importer
    from participation.indicators.base import IndicatorSpec
    from participation.model import ChannelType, Event, Status, Submission
    from participation.model.policies import ActivityKindSpec
    from participation.model.protocols import ExporterProtocol, ScorerProtocol
    from participation.registry import Registry
    from participation.rules import Calendar, DeadlineRule
    from participation.rules.admissibility import AdmissibilityRule
    from participation.surveys.model import Survey
    from participation.surveys.questiontype import QuestionType

hookspec = pluggy.HookspecMarker("participation")


# -------------------------------------------------------------------------------------
# Vocabularies and rules
# -------------------------------------------------------------------------------------


@hookspec
def register_activity_kinds() -> list[ActivityKindSpec]:
    """Contribute kinds of participation activity (a town-hall meeting, a youth council …).

    The built-ins are the :class:`~participation.model.ActivityKind` members, from public
    consultations to staff training, civic and media monitoring and printed information.
    An :class:`~participation.model.Activity` whose ``kind`` no plugin registers is
    reported by ``participation validate`` and refused by import and report.

    :return: a list of :class:`~participation.model.policies.ActivityKindSpec`. Keys
        must be unique across all plugins; prefix your own (``"bg.public_council"``).
        Labels in other languages may also come as translations ``activity.<key>``.

    .. versionadded:: 0.1
    """


@hookspec
def register_channel_types() -> list[ChannelType]:
    """Contribute channel types (web form, anti-corruption box, round table …).

    :return: a list of :class:`~participation.ChannelType`. Keys must be unique across
        all plugins; prefix a jurisdiction's own channels (``"bg.reception_desk"``).

    .. versionadded:: 0.1
    """


@hookspec
def register_deadline_rules() -> list[DeadlineRule]:
    """Contribute deadline rules (a term, how it is counted, the extensions allowed).

    :return: a list of :class:`~participation.rules.DeadlineRule`; a channel type names
        its default rule by key.

    .. versionadded:: 0.1
    """


@hookspec
def register_calendars() -> list[Calendar]:
    """Contribute working-day calendars, one per jurisdiction.

    :return: objects following the :class:`~participation.rules.Calendar` protocol; the
        calendar's ``key`` is the jurisdiction it serves (``"default"``, ``"bg"``).

    .. versionadded:: 0.1
    """


@hookspec
def register_admissibility_rules() -> list[AdmissibilityRule]:
    """Contribute rules that decide a submission opens no proceeding (e.g. anonymous
    signals under a national code), so that it ends with an outcome and a legal basis
    instead of being dropped silently.

    :return: a list of :class:`~participation.rules.admissibility.AdmissibilityRule`.

    .. versionadded:: 0.1
    """


@hookspec
def register_translations() -> list[Translations]:
    """Contribute translations of labels (channels, stages, levels, indicators,
    report headings).

    :return: a list of :class:`~participation.i18n.Translations`, one per language.
        A message id translated twice into the same language is an error naming both
        plugins.

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------
# Engines
# -------------------------------------------------------------------------------------


@hookspec
def register_indicators() -> list[IndicatorSpec]:
    """Contribute evaluation indicators.

    :return: a list of :class:`~participation.indicators.IndicatorSpec`.

    .. versionadded:: 0.1
    """


@hookspec
def register_scorers() -> list[ScorerProtocol]:
    """Contribute scorers, which turn measurements into scores.

    :return: a list of objects following
        :class:`~participation.model.protocols.ScorerProtocol` (``key``, ``label``,
        ``method`` and ``score(measurements, specs)``), instances, not classes.

    .. versionadded:: 0.1
    """


@hookspec
def register_question_types() -> list[QuestionType]:
    """Contribute survey question types.

    :return: a list of instances of subclasses of :class:`~participation.surveys.QuestionType`.

    .. versionadded:: 0.1
    """


@hookspec
def register_surveys() -> list[Survey]:
    """Contribute survey instruments.

    :return: a list of :class:`~participation.surveys.Survey`.

    .. versionadded:: 0.1
    """


@hookspec
def register_practices() -> list[Practice]:
    """Contribute good practices to the catalogue.

    :return: a list of :class:`~participation.catalogue.Practice`; practice ids must
        be unique across all origins.

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------
# Boundaries
# -------------------------------------------------------------------------------------


@hookspec
def register_importers() -> list[Importer]:
    """Contribute importers that read submissions from other systems' formats.

    :return: a list of instances of subclasses of :class:`~participation.importers.Importer`.

    .. versionadded:: 0.1
    """


@hookspec
def register_exporters() -> list[ExporterProtocol]:
    """Contribute exporters that write a report in a format.

    :return: a list of :class:`~participation.exporters.Exporter` (or any object following
        :class:`~participation.model.protocols.ExporterProtocol`).

    .. versionadded:: 0.1
    """


@hookspec
def configure_converter(converter: cattrs.Converter) -> None:
    """Teach the library's cattrs converter about a plugin's own types.

    Called once for every converter the library makes (it never uses the global one).

    :param converter: the converter; register structure and unstructure hooks on it.

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------
# Faces
# -------------------------------------------------------------------------------------


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands or command groups to the ``participation`` command line.

    :param cli: the top-level click group; call ``cli.add_command(...)``.

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------
# Events
# -------------------------------------------------------------------------------------


@hookspec
def submission_received(submission: Submission, registry: Registry) -> None:
    """Called after a submission was received and stored by the feedback desk (after
    the transaction committed).

    Use it to send a notification or mirror the submission elsewhere. An exception is
    logged with the plugin's name (logger ``participation.desk``) and does not fail or
    undo the desk operation.

    :param submission: the submission as stored.
    :param registry: the registry in use.

    .. versionadded:: 0.1
    """


@hookspec
def submission_transitioned(submission: Submission, event: Event, previous: Status,
                            registry: Registry) -> None:
    """Called after a submission moved to a new status through the feedback desk (after
    the transaction committed; an exception is logged, never raised to the caller).

    :param submission: the submission after the move.
    :param event: the event that was appended.
    :param previous: the status before the move.
    :param registry: the registry in use.

    .. versionadded:: 0.1
    """
