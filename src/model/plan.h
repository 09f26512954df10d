/* plan — a programme's document, its objectives and measures, the checks a
 * supervisor verifies in each kind of unit, the town-wide indicators and
 * the scoring rules.  Pure data: no target lives in C code.
 *
 * A plan is read from YAML (docs/plan-format.md) and validated like any
 * file; the default plan (data/plans/jiaze-2016.yaml) is compiled in. */
#ifndef QTOWN_PLAN_H
#define QTOWN_PLAN_H

#include "model/status.h"
#include "util/arena.h"
#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A text in the two interface languages. */
typedef struct text2 {
    const char *zh;
    const char *en;
} text2;

typedef enum lang { LANG_ZH, LANG_EN } lang;
const char *text2_get(const text2 *t, lang l);

/* The kinds of unit; plan checks carry a set of them. */
typedef enum unit_kind {
    KIND_VILLAGE = 1,
    KIND_ENTERPRISE = 2,
    KIND_TOWN = 4,
} unit_kind;
const char *unit_kind_name(unit_kind k); /* "village" ... */
bool unit_kind_parse(const char *s, unit_kind *out);

/* The unit of a value or a figure ("%", "people"); English has a
 * singular (`one:`, "product") besides the plural ("products"). */
typedef struct value_unit {
    text2 name;
    const char *one; /* NULL: as the plural */
} value_unit;
/* The unit's text for a figure of n. */
const char *value_unit_text(const value_unit *u, lang l, double n);

/* An optional closed interval; used by targets and value conditions. */
typedef struct range {
    bool has_min, has_max;
    double min, max;
} range;
bool range_contains(const range *r, double v);
bool range_is_set(const range *r);

/* A check whose value qtown counts from the workspace rather than a
 * person typing it: `counted: meetings` (the work meetings held, from
 * meetings/).  Its state is never stored: see meeting.h. */
typedef enum check_count { COUNT_NONE, COUNT_MEETINGS } check_count;

typedef enum attr_type { ATTR_TEXT, ATTR_NUMBER, ATTR_BOOL } attr_type;

typedef struct plan_attribute {
    const char *key;
    attr_type type;
    unsigned kinds;
    text2 title;
    const char **values; /* allowed values (text attributes), or NULL */
    size_t n_values;
} plan_attribute;

typedef enum cond_op { OP_EQ, OP_NE, OP_GT, OP_GE, OP_LT, OP_LE } cond_op;

/* One condition of a filter: attribute OP value. */
typedef struct plan_condition {
    const char *attr;
    cond_op op;
    attr_type type;
    const char *text;
    double number;
    bool boolean;
} plan_condition;

/* A filter on a unit's attributes (a check's and an indicator's
 * `where:`): every condition of `all` holds and, when `any` has
 * conditions (the plan's `any-of:`), at least one of those.  How a unit
 * with a missing attribute fares is in model/applies.h. */
typedef struct plan_filter {
    plan_condition *all;
    size_t n_all;
    plan_condition *any;
    size_t n_any;
} plan_filter;

typedef struct plan_check {
    const char *id;
    text2 title;
    unsigned kinds;      /* unit_kind bits */
    bool numeric;        /* has a value */
    value_unit unit;     /* of the value ("%", "people") */
    range target;        /* numeric checks: what meets the target */
    double weight;       /* in scores; default 1 */
    const char *source;  /* phrase of the document, optional */
    plan_filter where;   /* which units of its kinds carry it */
    bool scored;         /* counts in scores (false: `unscored:` says why) */
    text2 unscored;      /* why it earns and costs no points (a town quota...) */
    text2 reading;       /* the plan's own reading of the document, or "" */
    check_count counted; /* COUNT_NONE: typed by people */
    size_t section;      /* indices back into the plan */
    size_t item;
    size_t order; /* position among all checks */
} plan_check;

typedef struct plan_item {
    const char *id; /* O1 .. O7, M1 .. M8 */
    text2 title;
    text2 text;      /* paragraph of the document (zh verbatim) */
    bool has_weight; /* weight given: the item's share of its section */
    double weight;
    plan_check *checks;
    size_t n_checks;
} plan_item;

typedef struct plan_section {
    const char *id; /* objectives, measures */
    text2 title;
    double weight; /* share of the 100-point score */
    plan_item *items;
    size_t n_items;
} plan_section;

typedef enum indicator_type { IND_COUNT, IND_SUM, IND_RATE, IND_COMPARE } indicator_type;

typedef struct plan_indicator {
    const char *id;
    const char *item; /* the objective or measure it belongs to */
    text2 title;
    const char *source;
    indicator_type type;
    const plan_check *check;
    const plan_check *against; /* compare only */
    unit_kind units;
    plan_filter where;
    bool meets_by_value; /* else: meets when done */
    range meets;         /* value condition when meets_by_value */
    range target;
    cond_op compare_op; /* compare only */
    value_unit unit;
    double weight; /* in the town's score (docs/scoring.md); default 1 */
    text2 reading; /* the plan's own reading of the document, or "" */
} plan_indicator;

typedef struct plan_grade {
    const char *grade;
    double min;
} plan_grade;

typedef struct plan_document {
    text2 title;
    text2 programme; /* the programme's name (质量强镇), "" when not given */
    const char *number;
    text2 issuer;
    const char *date;
    int year;
    const char *basis;
    text2 addressed_to;
    text2 guiding_idea;
    text2 group;
    const char *leader;
    text2 leader_role;
    const char **deputies;
    text2 *deputy_roles;
    size_t n_deputies;
    text2 members;
    text2 office;
    const char *office_director;
    text2 office_director_role;
    text2 duties;
} plan_document;

/* The responsibility letter (目标责任书) the town signs with each unit of
 * some kinds: what it undertakes, in the document's words (tasks, each
 * with the checks that verify it), the figures it must reach (targets:
 * a check, in words, and the town's default value, which a unit's own
 * letter may replace), then the assessment rules and the signatures. */
typedef struct plan_letter_task {
    text2 text;
    const char *source; /* the document's phrase */
    const plan_check **checks;
    size_t n_checks;
} plan_letter_task;

typedef struct plan_letter_target {
    const plan_check *check;
    text2 text;
    const char *source;
    range target; /* the default for every unit (unset: agreed per unit) */
} plan_letter_target;

typedef struct plan_letter {
    unsigned kinds; /* unit_kind bits */
    text2 title;
    text2 text; /* the opening paragraph */
    const char *source;
    plan_letter_task *tasks;
    size_t n_tasks;
    plan_letter_target *targets;
    size_t n_targets;
    text2 closing;
    const char *closing_source;
    const plan_check *marks; /* the check signing it marks done (M8.responsibility-letter) */
} plan_letter;

/* What the year-end assessment (考核) gives each grade: a reward or a
 * penalty in words, and for some a date by which something is due
 * (`due_days` after the final assessment; 0: none). */
typedef struct plan_outcome {
    const char *grade;
    text2 text;
    int due_days;
} plan_outcome;

typedef struct plan_assessment {
    text2 text; /* the rule in the document's words */
    const char *source;
    plan_outcome *outcomes;
    size_t n_outcomes;
} plan_assessment;

typedef struct plan {
    arena *mem;
    const char *id;
    uint64_t source_hash; /* of the text it was read from (fs_hash) */
    plan_document doc;
    plan_attribute *attributes;
    size_t n_attributes;
    double credit[STATUS_COUNT]; /* score credit per applicable status */
    plan_grade *grades;          /* highest first */
    size_t n_grades;
    plan_section *sections;
    size_t n_sections;
    plan_indicator *indicators;
    size_t n_indicators;
    plan_letter *letters; /* at most one per kind of unit */
    size_t n_letters;
    plan_assessment assessment;
    /* every check, sorted by id for lookups (plan_check.order keeps the
     * plan's order) */
    const plan_check **checks;
    size_t n_checks;
} plan;

/* Reads and validates a plan; the whole file is checked and every problem
 * reported.  On success the plan owns its memory (plan_free). */
bool plan_parse(plan *p, const char *path, const char *buf, size_t len, diag_list *dl);
bool plan_load_file(plan *p, const char *path, diag_list *dl);
/* The plan compiled into qtown by id ("jiaze-2016"); false when unknown. */
bool plan_load_builtin(plan *p, const char *id, diag_list *dl);
/* The YAML text of a built-in plan, or NULL. */
const char *plan_builtin_text(const char *id, size_t *len);
void plan_free(plan *p);

const plan_check *plan_find_check(const plan *p, const char *id);
/* Checks a mistyped check id may have meant ("did you mean ..."), best
 * first, at most `max`: the id in another case, ids and titles (zh, en)
 * that contain what was typed, then ids within a few typos of it (or of
 * the part after the item, "patrol" for O1.patrol).  Returns how many. */
size_t plan_suggest_checks(const plan *p, const char *typed, const plan_check **out, size_t max);
/* The problem (no place) of a check id the plan does not have, naming the
 * checks it may have meant (plan_suggest_checks), added to dl. */
void plan_unknown_check_diag(const plan *p, const char *typed, diag_list *dl);
const plan_item *plan_check_item(const plan *p, const plan_check *c);
const plan_item *plan_find_item(const plan *p, const char *id);
const plan_attribute *plan_find_attribute(const plan *p, const char *key);
/* Checks of the plan that a unit of this kind carries. */
size_t plan_count_checks_for(const plan *p, unit_kind k);
const char *plan_grade_for(const plan *p, double score);
/* The letter template for a kind of unit, or NULL. */
const plan_letter *plan_letter_for(const plan *p, unit_kind k);
/* What the assessment gives a grade, or NULL. */
const plan_outcome *plan_outcome_for(const plan *p, const char *grade);
/* The check the plan counts from the workspace this way, or NULL. */
const plan_check *plan_counted_check(const plan *p, check_count how);

/* What a plan file may hold (docs/limits.md): the default plan is 46 KB,
 * nested 9 deep, with about 2500 values. */
#define PLAN_MAX_BYTES (1024 * 1024)
#define PLAN_MAX_DEPTH 12
#define PLAN_MAX_TEXT  (64 * 1024) /* bytes in one text */
#define PLAN_MAX_NODES 200000

#endif
