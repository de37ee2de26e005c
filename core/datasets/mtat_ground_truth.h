#pragma once
// The tutorial's simplified ground truths and partitions built from a cleaned MTAT tag
// table (TUTORIAL.md 1.4 and 1.5). All functions take a TagMatrix whose columns carry
// the cleaned tag names; they keep the input row order and keys.
//
// Part 1 (1.5, built from the 133-tag variant; the 135 variant works too, its group
// names are mapped): instrumental/vocal, 8 single-label genres, 16 moods, and the P0a
// post-processing (XOR for instrumental, moods with >= 100 positives).
// Part 2 (1.4): the deterministic filters of the instrument / genre / mood partitions and
// their union. The random per-tag draws of the notebooks (pandas sample with a seed) are
// not reproduced bit for bit.
#include "csv_table.h"
#include "mtat.h"
#include "tag_matrix.h"

#include <vector>

namespace mirlo {

QStringList mtatPart1Genres();               // classical, country, jazz, pop, rock, techno, blues, dance
QStringList mtatPart1Moods();                // the 16 mood tags, alphabetical
QStringList mtatPart2Genres();               // blues, classical, country, jazz, pop, rock, techno
QStringList mtatPart2Moods();                // the 10 mood tags, alphabetical
QStringList mtatPart2InstrumentCandidates(); // the 32 candidate instrument tags

// 1.5 instrumental vs vocal (full set): columns instrumental (group 19) and singing =
// OR(singer, vocal, female/woman singing group, male/man singing group, chant); rows with >= 1.
bool mtatInstrumentalSinging(const TagMatrix &clean, MtatTagVariant variant, TagMatrix &out, QString *error);
// P0a: rows where exactly one of instrumental / singing is 1; keeps column instrumental.
bool mtatInstrumentalPost(const TagMatrix &instrumentalSinging, TagMatrix &out, QString *error);
// 1.5 genre: rows with exactly one of the 8 Part 1 genres; columns in that order.
bool mtatGenreGroundTruth(const TagMatrix &clean, TagMatrix &out, QString *error);
// 1.5 mood: rows with >= 1 of the 16 moods.
bool mtatMoodGroundTruth(const TagMatrix &clean, TagMatrix &out, QString *error);
// P0a: keep the mood columns with >= minPositives positives; all rows are kept.
TagMatrix mtatMoodPost(const TagMatrix &moods, int minPositives = 100);

// P0b: replaces each row key (MTAT row number) by the clip_id the metadata file gives for
// it (metadata: first column = row number, a 'clip_id' column; floats such as "2.0" allowed).
bool mtatKeysToClipIds(const TagMatrix &labels, const CsvTable &metadata, const QString &metadataName, TagMatrix &out,
                       QString *error);

// 1.4 genre partition before sampling: rows with exactly one of the 7 Part 2 genres.
bool mtatGenrePartitionCandidates(const TagMatrix &clean, TagMatrix &out, QString *error);
// 1.4 instrument partition before sampling: the 32 candidate tags, rows with >= 1, then only
// tags with more than minPositives positives, rows with >= 1 of those.
bool mtatInstrumentPartitionCandidates(const TagMatrix &clean, TagMatrix &out, QString *error, int minPositives = 100);
// 1.4 mood partition: the 10 mood tags, rows with >= 1 (no resampling).
bool mtatMoodPartition(const TagMatrix &clean, TagMatrix &out, QString *error);
// 1.4 union ("gt_all"): rows of all parts in order, duplicate keys dropped (first kept),
// columns = union of the parts' columns in order of first appearance, absent values 0.
TagMatrix mtatUnion(const std::vector<TagMatrix> &parts);
// 1.4 per-tag draws: for each column in ascending order of positive count (ties: column
// order; or plain column order when ascendingFrequency is false, as for the genre partition)
// the positive rows are sampled as pandas sample(min(n, maxPerTag), random_state=seed) with a
// fresh generator per column; rows are concatenated and duplicates dropped (first kept).
// Returns row indices in that order. With the union of the Part 2 partitions, maxPerTag 100
// and seed 2 this gives the 2,943 similarity clips in file order.
std::vector<int> mtatSamplePerTag(const TagMatrix &m, int maxPerTag, uint32_t seed, bool ascendingFrequency = true);

} // namespace mirlo
