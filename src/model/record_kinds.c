/* The kinds of record a unit file holds, and their fields (record.h).
 * A field's place here is its place in the file. */
#include "model/record.h"

#include <string.h>

static const char *const rectification_states[] = {"open", "done", "verified", "reopened", NULL};

/* 整改: what must be fixed on a failed check, by whom and when; its steps
 * (opened, reported done, verified, reopened), each with who and when. */
static const field_def rectification_fields[] = {
    {"what", FIELD_TEXT, true, NULL},         {"owner", FIELD_LINE, true, NULL},
    {"due", FIELD_DATE, true, NULL},          {"state", FIELD_WORD, true, rectification_states},
    {"note", FIELD_TEXT, false, NULL},        {"opened", FIELD_TIME, false, NULL},
    {"opened_by", FIELD_LINE, false, NULL},   {"done", FIELD_TIME, false, NULL},
    {"done_by", FIELD_LINE, false, NULL},     {"verified", FIELD_TIME, false, NULL},
    {"verified_by", FIELD_LINE, false, NULL}, {"reopened", FIELD_TIME, false, NULL},
    {"reopened_by", FIELD_LINE, false, NULL},
};

const record_kind record_kind_rectification = {
    .name = "rectification",
    .list_key = "rectifications",
    .title = M_RECORD_RECTIFICATION,
    .in_check = true,
    .id_prefix = "r",
    .fields = rectification_fields,
    .n_fields = sizeof rectification_fields / sizeof *rectification_fields,
};

/* 台账: what proves a check (a certificate, an award, a report, a photo):
 * its title, number, issuer and validity, and the file kept for it under
 * evidence/UNIT/ with its fingerprint (model/evidence.h). */
static const field_def evidence_fields[] = {
    {"title", FIELD_LINE, true, NULL},        {"number", FIELD_LINE, false, NULL},
    {"issuer", FIELD_LINE, false, NULL},      {"valid_from", FIELD_DATE, false, NULL},
    {"valid_until", FIELD_DATE, false, NULL}, {"file", FIELD_PATH, false, NULL},
    {"sha256", FIELD_SHA256, false, NULL},    {"note", FIELD_TEXT, false, NULL},
};

const record_kind record_kind_evidence = {
    .name = "evidence",
    .list_key = "evidence",
    .title = M_RECORD_EVIDENCE,
    .in_check = true,
    .id_prefix = "e",
    .fields = evidence_fields,
    .n_fields = sizeof evidence_fields / sizeof *evidence_fields,
};

/* An inspection visit to the unit: the day, who went (`visitors`: the
 * record's own `by` is who wrote it down), the checks looked
 * at and what was found (model/visit.h). */
static const field_def visit_fields[] = {
    {"date", FIELD_DATE, true, NULL},
    {"visitors", FIELD_LIST, true, NULL},
    {"checks", FIELD_CHECKS, false, NULL},
    {"note", FIELD_TEXT, false, NULL},
};

const record_kind record_kind_visit = {
    .name = "visit",
    .list_key = "visits",
    .title = M_RECORD_VISIT,
    .in_check = false,
    .id_prefix = "v",
    .fields = visit_fields,
    .n_fields = sizeof visit_fields / sizeof *visit_fields,
};

/* 目标责任书: the letter the town signs with a unit (model/letter.h): the
 * unit's own terms beyond the plan's template (its tasks, its target
 * values) and, once signed, the day and who signed. */
static const field_def letter_fields[] = {
    {"tasks", FIELD_LIST, false, NULL},  {"targets", FIELD_TARGETS, false, NULL},
    {"signed", FIELD_DATE, false, NULL}, {"signatories", FIELD_LIST, false, NULL},
    {"note", FIELD_TEXT, false, NULL},
};

const record_kind record_kind_letter = {
    .name = "letter",
    .list_key = "letters",
    .title = M_RECORD_LETTER,
    .in_check = false,
    .id_prefix = "l",
    .fields = letter_fields,
    .n_fields = sizeof letter_fields / sizeof *letter_fields,
};

const record_kind *const record_kinds[] = {
    &record_kind_rectification,
    &record_kind_evidence,
    &record_kind_visit,
    &record_kind_letter,
};
const size_t n_record_kinds = sizeof record_kinds / sizeof *record_kinds;

const record_kind *record_kind_of_list(const char *list_key, bool in_check)
{
    for (size_t i = 0; i < n_record_kinds; i++)
        if (record_kinds[i]->in_check == in_check &&
            strcmp(record_kinds[i]->list_key, list_key) == 0)
            return record_kinds[i];
    return NULL;
}

int record_field_index(const record_kind *k, const char *key)
{
    for (size_t i = 0; i < k->n_fields; i++)
        if (strcmp(k->fields[i].key, key) == 0)
            return (int)i;
    return -1;
}
