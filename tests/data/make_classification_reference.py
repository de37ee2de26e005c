#!/usr/bin/env python3
"""Reference values for tests/core/eval/tst_classification_metrics.cpp.

Writes classification_reference.json: random scores / labels (seeded) and the
metrics computed here with numpy alone, deliberately by other routes than the
C++ code (which sorts once and walks tie groups):
* ROC-AUC by counting every (positive, negative) pair: 1 when the positive
  scores higher, 1/2 on a tie;
* average precision from the list of distinct thresholds, recounting the
  items >= each threshold from scratch (sklearn's sum (R_n - R_{n-1}) P_n);
* precision / recall / F1 from boolean masks, confusion matrix with np.add.at.
Scores are multiples of 1/20 stored as float32 values so that ties occur and
the C++ float inputs are the same numbers.

Run: /usr/bin/python3 tests/data/make_classification_reference.py  (writes next to itself)
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20261128)


def quantised(shape):
    # float32 values (as float64) that the C++ test reads back exactly.
    return (rng.integers(0, 21, size=shape) / 20.0).astype(np.float32).astype(np.float64)


def roc_auc_pairs(scores, positive):
    pos = scores[positive == 1]
    neg = scores[positive == 0]
    if len(pos) == 0 or len(neg) == 0:
        return None
    total = 0.0
    for p in pos:
        for q in neg:
            total += 1.0 if p > q else (0.5 if p == q else 0.0)
    return total / (len(pos) * len(neg))


def average_precision_thresholds(scores, positive):
    n_pos = int(positive.sum())
    if n_pos == 0:
        return None
    ap = 0.0
    last_recall = 0.0
    for t in sorted(set(scores.tolist()), reverse=True):
        chosen = scores >= t
        tp = int((positive[chosen] == 1).sum())
        precision = tp / int(chosen.sum())
        recall = tp / n_pos
        ap += (recall - last_recall) * precision
        last_recall = recall
    return ap


def prf(pred, truth):
    tp = int(np.sum(pred & truth))
    fp = int(np.sum(pred & ~truth))
    fn = int(np.sum(~pred & truth))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp + fn


def mean_defined(values):
    v = [x for x in values if x is not None]
    return sum(v) / len(v) if v else None


def per_class(pred_masks, truth_masks, score_columns):
    out = {"precision": [], "recall": [], "f1": [], "support": [], "roc_auc": [], "ap": []}
    for pred, truth, scores in zip(pred_masks, truth_masks, score_columns):
        p, r, f, s = prf(pred, truth)
        out["precision"].append(p)
        out["recall"].append(r)
        out["f1"].append(f)
        out["support"].append(s)
        out["roc_auc"].append(roc_auc_pairs(scores, truth.astype(int)))
        out["ap"].append(average_precision_thresholds(scores, truth.astype(int)))
    out["macro_f1"] = float(np.mean(out["f1"]))
    sup = np.array(out["support"], dtype=float)
    out["weighted_f1"] = float(np.dot(out["f1"], sup) / sup.sum()) if sup.sum() else 0.0
    out["macro_roc_auc"] = mean_defined(out["roc_auc"])
    out["macro_ap"] = mean_defined(out["ap"])
    return out


def multiclass_case(n, k):
    probs = quantised((n, k))
    labels = rng.integers(0, k, size=n)
    pred = np.argmax(probs, axis=1)  # first maximum on ties, as the C++ code
    confusion = np.zeros((k, k), dtype=int)
    np.add.at(confusion, (labels, pred), 1)
    case = {"classes": k, "probabilities": probs.tolist(), "labels": labels.tolist(),
            "accuracy": float(np.mean(pred == labels)), "confusion": confusion.tolist()}
    case.update(per_class([pred == c for c in range(k)], [labels == c for c in range(k)],
                          [probs[:, c] for c in range(k)]))
    return case


def binary_case(n):
    p = quantised(n)
    labels = rng.integers(0, 2, size=n)
    pred = (p >= 0.5).astype(int)
    confusion = np.zeros((2, 2), dtype=int)
    np.add.at(confusion, (labels, pred), 1)
    case = {"probabilities": p.tolist(), "labels": labels.tolist(),
            "accuracy": float(np.mean(pred == labels)), "confusion": confusion.tolist()}
    case.update(per_class([pred == 0, pred == 1], [labels == 0, labels == 1], [1.0 - p, p]))
    return case


def multilabel_case(n, k):
    probs = quantised((n, k))
    truth = rng.random((n, k)) < 0.35
    truth[:, k - 1] = False  # one tag without positives: ROC-AUC and AP undefined
    pred = probs >= 0.5
    case = {"classes": k, "probabilities": probs.tolist(),
            "labels": [np.flatnonzero(row).tolist() for row in truth],
            "accuracy": float(np.mean(np.all(pred == truth, axis=1))),
            "hamming_loss": float(np.mean(pred != truth))}
    case.update(per_class([pred[:, c] for c in range(k)], [truth[:, c] for c in range(k)],
                          [probs[:, c] for c in range(k)]))
    return case


def column_cases():
    cases = []
    for n in (5, 17, 60, 200):
        scores = quantised(n)
        positive = (rng.random(n) < 0.4).astype(int)
        cases.append({"scores": scores.tolist(), "positive": positive.tolist(),
                      "roc_auc": roc_auc_pairs(scores, positive),
                      "ap": average_precision_thresholds(scores, positive)})
    return cases


def main():
    data = {
        "generator": "tests/data/make_classification_reference.py",
        "columns": column_cases(),
        "binary": binary_case(50),
        "multiclass": multiclass_case(80, 4),
        "multilabel": multilabel_case(70, 5),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "classification_reference.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
