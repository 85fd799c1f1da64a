"""Write and execute `matcher_evaluation.ipynb`: the trained matcher on both generators.

Run from the repository root after `nocontact train`: `python notebooks/build_matcher_evaluation.py`
(needs the `dev` extra). Same seed and split sizes as `nocontact evaluate`.
"""

from __future__ import annotations

from pathlib import Path

from _build import write_executed

CELLS = [
    (
        "md",
        "# Matcher evaluation across two synthetic generators\n\n"
        "The shipped model (`matcher/models/matcher.skops`, trained on both generators pooled) beside "
        "a model trained on each generator alone, on each generator's held-out test split "
        "(120 cases, restrained persons and drawn faces never seen in training). Generator A "
        "is `matcher/synth.py`; generator B (`matcher/synth_b/`) was written apart from it, "
        "with `faker` names in nine locales, its own texts, inbox sizes, timings and tactics. "
        "'cross' rows train on one generator and test on the other. Model only: the evidence "
        "floors are not applied here. Synthetic data only: these numbers say how the parts "
        "work together, not how often the tool is right in a real case. A score is a lead for "
        "a person to check, never proof.",
    ),
    (
        "code",
        "%matplotlib inline\n"
        "import numpy as np, matplotlib.pyplot as plt\n"
        "from sklearn.metrics import roc_curve, precision_recall_curve\n"
        "from matcher import ceiling, robustness\n"
        "from nocontact.match import training\n\n"
        "measured = training.evaluation(cases=300, seed=0, test_cases=120)\n"
        "print('\\n'.join(measured.cross.text()))\n"
        "print()\n"
        "print('\\n'.join(ceiling.lines(measured.ceilings)))",
    ),
    (
        "code",
        "lines = measured.cross.lines\n"
        "tactics = list(dict.fromkeys(t for ln in lines for t in ln.tactics))\n"
        "fig, axes = plt.subplots(1, 2, figsize=(13, 4.5))\n"
        "for ax, tested in zip(axes, ('A', 'B')):\n"
        "    mine = [ln for ln in lines if ln.tested == tested]\n"
        "    names = [t for t in tactics if t in mine[0].tactics]\n"
        "    x = np.arange(len(names))\n"
        "    for k, ln in enumerate(mine):\n"
        "        ax.bar(x + 0.27 * k, [ln.tactics[t][1] for t in names], width=0.27,\n"
        "               label=f'trained on {ln.trained} ({ln.split})')\n"
        "    ax.axhline(0.8, color='grey', ls=':', lw=1)\n"
        "    ax.set_xticks(x + 0.27, names, rotation=40, ha='right')\n"
        "    ax.set(ylabel='recall at precision 0.98', title=f'traced uses of each tactic, tested on {tested}')\n"
        "    ax.legend(fontsize=8)\n"
        "plt.tight_layout(); plt.show()",
    ),
    (
        "code",
        "fig, axes = plt.subplots(2, 2, figsize=(11, 9))\n"
        "for (roc, pr), (generator, report) in zip(axes, measured.reports.items()):\n"
        "    for name, scores in report.scores.items():\n"
        "        fpr, tpr, _ = roc_curve(report.labels, scores)\n"
        "        roc.plot(fpr, tpr, label=name)\n"
        "        precision, recall, _ = precision_recall_curve(report.labels, scores)\n"
        "        pr.plot(recall, precision, label=name)\n"
        "    roc.set(xlabel='false positive rate', ylabel='true positive rate', title=f'ROC, generator {generator}')\n"
        "    pr.axhline(0.98, color='grey', ls=':', lw=1)\n"
        "    pr.set(xlabel='recall', ylabel='precision', title=f'precision-recall, generator {generator}')\n"
        "    roc.legend(loc='lower right', fontsize=8)\n"
        "plt.tight_layout(); plt.show()",
    ),
    (
        "code",
        "plt.figure(figsize=(4.5, 4.5))\n"
        "plt.plot([0, 1], [0, 1], color='grey', ls=':')\n"
        "for generator, report in measured.reports.items():\n"
        "    table = np.array([(p, o, n) for _, _, n, p, o in report.reliability])\n"
        "    plt.scatter(table[:, 0], table[:, 1], s=10 + 3 * np.sqrt(table[:, 2]), label=generator)\n"
        "plt.xlabel('predicted probability'); plt.ylabel('observed share of evasive accounts')\n"
        "plt.title('calibration (shipped model)'); plt.legend(); plt.show()",
    ),
    (
        "md",
        "## Each generator's full tables\n\n"
        "Each evasive account is labelled with what it carries of the restrained person "
        "besides timing (its name, photo, writing, configured keywords, contact details, "
        "friends). Accounts that carry none of these can only be told from innocents by when "
        "they act, and are reported apart.",
    ),
    (
        "code",
        "for generator, report in measured.reports.items():\n"
        "    print(f'generator {generator}'); print('\\n'.join(report.lines())); print()",
    ),
    ("code", "print('\\n'.join(robustness.robustness().lines()))"),
]


def main() -> None:
    write_executed(CELLS, Path(__file__).with_name("matcher_evaluation.ipynb"), timeout=1800)


if __name__ == "__main__":
    main()
