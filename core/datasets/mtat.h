#pragma once
// MagnaTagATune (MTAT) annotations and the tutorial's tag cleaning (TUTORIAL.md 1.2, 1.3).
//
// annotations_final.csv is tab-separated (fields may be quoted): clip_id, 188 binary tag
// columns, mp3_path. Cleaning merges 29 synonym groups (82 member tags): the merged column
// is the logical OR of its members, stored under the group's first name and appended after
// the untouched columns, in group order; the members are dropped. 188 - 82 + 29 = 135 tags.
// The 133-tag variant (used by the Part 1 ground truths) also folds "female vocal" and
// "female opera" into group 8 and renames groups 8, 17, 19 to "woman singing",
// "man singing", "instrumental".
#include "tag_matrix.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace mirlo {

struct MtatSynonymGroup {
    QString name;        // kept column name
    QStringList members; // all merged columns (the first is the name itself in the 135 variant)
};

enum class MtatTagVariant {
    Tags135, // P0-prep, files ..._part_3_similarity_labels.csv
    Tags133, // inferred variant of the Part 1 ground truths (..._part_2_similarity_labels_subset.csv)
};

// The 29 groups of TUTORIAL 1.3 in table order (for the chosen variant).
std::vector<MtatSynonymGroup> mtatSynonymGroups(MtatTagVariant variant = MtatTagVariant::Tags135);
// The 106 tags that belong to no group, in annotation-file order.
QStringList mtatUngroupedTags();
// The cleaned column order: ungrouped tags in input order, then the group names.
QStringList mtatCleanTagNames(MtatTagVariant variant = MtatTagVariant::Tags135);

constexpr int kMtatRawTagCount = 188;
constexpr int kMtatCleanTagCount = 135;

// Reads annotations_final.csv (tab-separated). The first column must be clip_id and the
// last mp3_path; every other column is a tag with values 0/1. When requireAllTags is set,
// the 188 tags of TUTORIAL 1.3 must all be present. Errors name the file and the line.
bool readMtatAnnotations(const QString &path, TagMatrix &out, QString *error, bool requireAllTags = false);
bool parseMtatAnnotations(const QByteArray &text, const QString &nameForErrors, TagMatrix &out, QString *error,
                          bool requireAllTags = false);

// Tag cleaning on a raw table. Group members missing from the input are skipped (listed in
// *missing when given); a group none of whose members is present yields no column.
// Applied with Tags133 to an already cleaned 135-tag table it performs exactly the 135 -> 133
// mapping (group 8 + female vocal + female opera -> woman singing, male -> man singing,
// no singer -> instrumental; other group names map onto themselves).
TagMatrix cleanMtatTags(const TagMatrix &raw, MtatTagVariant variant = MtatTagVariant::Tags135,
                        QStringList *missing = nullptr);

} // namespace mirlo
