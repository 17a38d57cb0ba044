"""Who may see and do what with complaint files: staff roles per organisation.

Complaint files hold health data (AVG art. 9; NEN 7510 asks for access on a
need-to-know basis). A person holds roles per organisation; rights never carry over
from one organisation to another. For each role and file action the table below says
which complaints it reaches, as a set of ``Reach`` values; the selectors turn them into
query filters, so a list and a single page answer alike. ``docs/roles.md`` is the same
table in words, and a test compares the two cell by cell.

Two rules come on top of the table. A formal complaint about a person (they are an
employee concerned) is hidden from that person, whatever their role. And a file that
was shared with a person (``Share``) is theirs to read, whatever their role; that is
also the only way a person reads a formal complaint about themselves.

A role the scheme names for a task on a complaint (``domain.tasks``: extending a term,
sending a document, receiving a copy) reads that file and may take the actions of the
task, and nothing more, without the broader ``HANDLE`` grant.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from klachtpad.domain.schemes.vocabulary import Role


class StaffRole(StrEnum):
    COMPLAINTS_OFFICER = "complaints_officer"
    KEY_WORKER = "key_worker"
    CLIENT_CONFIDANT = "client_confidant"
    LINE_MANAGER = "line_manager"  # coordinator, team leader
    MANAGEMENT = "management"
    QUALITY_COORDINATOR = "quality_coordinator"
    ORGANISATION_ADMIN = "organisation_admin"
    LOG_ADMINISTRATOR = "log_administrator"


class FileAction(StrEnum):
    """What a person does with one complaint file."""

    VIEW = "view"  # read the whole file
    HANDLE = "handle"  # change it: contact, meetings, terms, steps, judgement, closure
    MAKE_FORMAL = "make_formal"  # record that a concern becomes a formal complaint
    SHARE = "share"  # share the file or a summary with a colleague; choose the handler


class OrganisationAction(StrEnum):
    """What a person does in an organisation beyond single files."""

    WORKLIST = "worklist"  # open the staff workspace and the list of complaints
    INTAKE = "intake"  # record a concern or a complaint that came in
    FIGURES = "figures"  # see counts and terms across all complaints
    ADMINISTER = "administer"  # staff, roles, categories, locations, calendar, scheme
    READ_LOG = "read_log"  # read the access log
    COMMITTEES = "committees"  # keep the committees' seats, sessions and minutes
    PRIVACY = "privacy"  # retention holds and people's requests about their data
    INBOX = "inbox"  # the mail that came in: make files of it, standard texts for replies


class Reach(StrEnum):
    """Which complaints of the organisation a grant covers."""

    ANY = "any"
    FORMAL = "formal"  # every formal complaint
    RECORDED = "recorded"  # recorded by the person
    RECORDED_CONCERN = "recorded_concern"  # recorded by the person and still informal
    HANDLER = "handler"  # the person is the handler
    MY_STEP = "my_step"  # at a step the scheme gives to the person's role
    SCHEME_TASK = "scheme_task"  # the scheme gives the role a task here (domain.tasks)


_ALL_FILE = {action: frozenset({Reach.ANY}) for action in FileAction}
_NONE: frozenset[Reach] = frozenset()

FILE_GRANTS: dict[StaffRole, dict[FileAction, frozenset[Reach]]] = {
    StaffRole.COMPLAINTS_OFFICER: _ALL_FILE,
    StaffRole.KEY_WORKER: {
        FileAction.VIEW: frozenset({Reach.RECORDED, Reach.HANDLER, Reach.SCHEME_TASK}),
        FileAction.HANDLE: frozenset({Reach.RECORDED_CONCERN, Reach.HANDLER}),
        FileAction.MAKE_FORMAL: frozenset({Reach.RECORDED_CONCERN, Reach.HANDLER}),
        FileAction.SHARE: _NONE,
    },
    StaffRole.CLIENT_CONFIDANT: {
        FileAction.VIEW: frozenset({Reach.HANDLER, Reach.MY_STEP, Reach.SCHEME_TASK}),
        FileAction.HANDLE: frozenset({Reach.HANDLER, Reach.MY_STEP}),
        FileAction.MAKE_FORMAL: _NONE,
        FileAction.SHARE: _NONE,
    },
    StaffRole.LINE_MANAGER: {
        FileAction.VIEW: frozenset(
            {Reach.RECORDED, Reach.HANDLER, Reach.MY_STEP, Reach.SCHEME_TASK}
        ),
        FileAction.HANDLE: frozenset({Reach.RECORDED_CONCERN, Reach.HANDLER, Reach.MY_STEP}),
        FileAction.MAKE_FORMAL: frozenset({Reach.RECORDED_CONCERN, Reach.HANDLER, Reach.MY_STEP}),
        FileAction.SHARE: _NONE,
    },
    StaffRole.MANAGEMENT: {
        FileAction.VIEW: frozenset({Reach.FORMAL, Reach.HANDLER, Reach.MY_STEP, Reach.SCHEME_TASK}),
        FileAction.HANDLE: frozenset({Reach.HANDLER, Reach.MY_STEP}),
        FileAction.MAKE_FORMAL: _NONE,
        FileAction.SHARE: _NONE,
    },
    StaffRole.QUALITY_COORDINATOR: {
        FileAction.VIEW: frozenset({Reach.HANDLER, Reach.MY_STEP, Reach.SCHEME_TASK}),
        FileAction.HANDLE: frozenset({Reach.HANDLER, Reach.MY_STEP}),
        FileAction.MAKE_FORMAL: _NONE,
        FileAction.SHARE: _NONE,
    },
    StaffRole.ORGANISATION_ADMIN: dict.fromkeys(FileAction, _NONE),
    StaffRole.LOG_ADMINISTRATOR: dict.fromkeys(FileAction, _NONE),
}

ORGANISATION_GRANTS: dict[StaffRole, frozenset[OrganisationAction]] = {
    StaffRole.COMPLAINTS_OFFICER: frozenset(
        {
            OrganisationAction.WORKLIST,
            OrganisationAction.INTAKE,
            OrganisationAction.FIGURES,
            OrganisationAction.COMMITTEES,
            OrganisationAction.PRIVACY,
            OrganisationAction.INBOX,
        }
    ),
    StaffRole.KEY_WORKER: frozenset({OrganisationAction.WORKLIST, OrganisationAction.INTAKE}),
    StaffRole.CLIENT_CONFIDANT: frozenset({OrganisationAction.WORKLIST}),
    StaffRole.LINE_MANAGER: frozenset({OrganisationAction.WORKLIST, OrganisationAction.INTAKE}),
    StaffRole.MANAGEMENT: frozenset({OrganisationAction.WORKLIST, OrganisationAction.FIGURES}),
    StaffRole.QUALITY_COORDINATOR: frozenset(
        {OrganisationAction.WORKLIST, OrganisationAction.FIGURES}
    ),
    StaffRole.ORGANISATION_ADMIN: frozenset({OrganisationAction.ADMINISTER}),
    StaffRole.LOG_ADMINISTRATOR: frozenset({OrganisationAction.READ_LOG}),
}

# The scheme names who handles a step; these are the staff roles that fill it.
SCHEME_ROLES: dict[Role, StaffRole] = {
    Role.KEY_WORKER: StaffRole.KEY_WORKER,
    Role.SECOND_KEY_WORKER: StaffRole.KEY_WORKER,
    Role.CLIENT_CONFIDANT: StaffRole.CLIENT_CONFIDANT,
    Role.COORDINATOR: StaffRole.LINE_MANAGER,
    Role.COMPLAINTS_OFFICER: StaffRole.COMPLAINTS_OFFICER,
    Role.QUALITY_COORDINATOR: StaffRole.QUALITY_COORDINATOR,
    Role.MANAGEMENT: StaffRole.MANAGEMENT,
}


def holds_scheme_role(named: Iterable[Role], roles: frozenset[StaffRole]) -> bool:
    """Whether ``roles`` include one the scheme names for a task; naming none leaves it open."""
    wanted = {SCHEME_ROLES.get(role) for role in named}
    return not wanted or bool(wanted & roles)


def file_reaches(roles: frozenset[StaffRole], action: FileAction) -> frozenset[Reach]:
    """Every reach any of ``roles`` grants for ``action``."""
    return frozenset().union(*(FILE_GRANTS[role][action] for role in roles))


def may(roles: frozenset[StaffRole], action: OrganisationAction) -> bool:
    return any(action in ORGANISATION_GRANTS[role] for role in roles)


def staff_roles_for(role: Role) -> StaffRole | None:
    """The staff role that handles a step the scheme gives to ``role``."""
    return SCHEME_ROLES.get(role)
