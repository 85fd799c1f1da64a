"""Write and execute `matcher_evaluation.ipynb`: the trained matcher against baselines.

Run from the repository root after `nocontact train`: `python notebooks/build_matcher_evaluation.py`
(needs the `dev` extra). Same seed and split sizes as `nocontact evaluate`.
"""

from __future__ import annotations

from pathlib import Path

from _build import write_executed

CELLS = [
    (
        "md",
        "# Matcher evaluation on held-out synthetic cases\n\n"
        "The trained model (`matcher/models/matcher.skops`) against a names-only model and two "
        "baselines (exact handle match, plain rapidfuzz ratio on names), on 150 synthetic test "
        "cases whose restrained persons and drawn faces never appear in training. Synthetic "
        "data only: these numbers say how the parts work together, not how often the tool is "
        "right in a real case. A score is a lead for a person to check, never proof.",
    ),
    (
        "code",
        "%matplotlib inline\n"
        "import numpy as np, matplotlib.pyplot as plt\n"
        "from sklearn.metrics import roc_curve, precision_recall_curve\n"
        "from matcher import dataset, evaluate, model, robustness, synth\n\n"
        "saved = model.load()\n"
        "names = model.train(dataset.rows(synth.cases('train', 400)), family='names')\n"
        "report = evaluate.evaluate({'model': saved, 'names-only model': names},\n"
        "                           synth.cases('test', 150))\n"
        "print('\\n'.join(report.lines()))",
    ),
    (
        "code",
        "fig, (roc, pr) = plt.subplots(1, 2, figsize=(11, 4.5))\n"
        "for name, scores in report.scores.items():\n"
        "    fpr, tpr, _ = roc_curve(report.labels, scores)\n"
        "    roc.plot(fpr, tpr, label=name)\n"
        "    precision, recall, _ = precision_recall_curve(report.labels, scores)\n"
        "    pr.plot(recall, precision, label=name)\n"
        "roc.set(xlabel='false positive rate', ylabel='true positive rate', title='ROC')\n"
        "pr.axhline(0.98, color='grey', ls=':', lw=1)\n"
        "pr.set(xlabel='recall', ylabel='precision', title='precision-recall (dotted: 0.98)')\n"
        "roc.legend(loc='lower right'); plt.tight_layout(); plt.show()",
    ),
    (
        "code",
        "table = np.array([(p, o, n) for _, _, n, p, o in report.reliability])\n"
        "plt.figure(figsize=(4.5, 4.5))\n"
        "plt.plot([0, 1], [0, 1], color='grey', ls=':')\n"
        "plt.scatter(table[:, 0], table[:, 1], s=10 + 3 * np.sqrt(table[:, 2]))\n"
        "plt.xlabel('predicted probability'); plt.ylabel('observed share of evasive accounts')\n"
        "plt.title('calibration (full model)'); plt.show()",
    ),
    (
        "code",
        "single = [(t[8:], r) for t, _, r in report.tactics if t.startswith('single: ')]\n"
        "methods = [m.method for m in report.metrics]\n"
        "x = np.arange(len(single))\n"
        "plt.figure(figsize=(11, 4))\n"
        "for k, method in enumerate(methods[:3]):\n"
        "    plt.bar(x + 0.27 * k, [r[k] for _, r in single], width=0.27, label=method)\n"
        "plt.xticks(x + 0.27, [t for t, _ in single], rotation=40, ha='right')\n"
        "plt.ylabel('recall at precision 0.98'); plt.title('one tactic at a time')\n"
        "plt.legend(); plt.tight_layout(); plt.show()",
    ),
    (
        "md",
        "## What finds an evasive account\n\n"
        "Each evasive account is labelled with what it carries of the restrained person "
        "besides timing: its name (a name tactic), its photo, its writing, its friends, its "
        "contact details. Accounts that carry none of these can only be told from innocents "
        "by when they act.",
    ),
    (
        "code",
        "groups = [g for g in report.traces if g[0] != 'all']\n"
        "x = np.arange(len(groups))\n"
        "plt.figure(figsize=(9, 3.8))\n"
        "plt.bar(x - 0.2, [g[2] for g in groups], width=0.4, label='MRR inbox')\n"
        "plt.bar(x + 0.2, [g[4] for g in groups], width=0.4, label='MRR persons')\n"
        "plt.axhline(0.97, color='grey', ls=':', lw=1)\n"
        "plt.xticks(x, [f'{g[0]}\\n(n={g[1]})' for g in groups], rotation=25, ha='right')\n"
        "plt.ylabel('mean reciprocal rank'); plt.title('by what the account carries (dotted: 0.97)')\n"
        "plt.legend(); plt.tight_layout(); plt.show()",
    ),
    ("code", "print('\\n'.join(robustness.robustness().lines()))"),
]


def main() -> None:
    write_executed(CELLS, Path(__file__).with_name("matcher_evaluation.ipynb"), timeout=1800)


if __name__ == "__main__":
    main()
