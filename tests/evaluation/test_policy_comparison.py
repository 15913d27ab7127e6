"""`make bench-policies` compares our policies with Rasa's defaults, and nothing else."""
import pytest
import yaml

from evaluation import policy_comparison
from evaluation.datasets import ROOT


def test_the_comparison_model_differs_from_ours_only_by_the_added_policies():
    ours = yaml.safe_load((ROOT / "config.yml").read_text())
    variant = policy_comparison.variant_config()

    assert variant["pipeline"] == ours["pipeline"]
    assert variant["policies"][: len(ours["policies"])] == ours["policies"]
    added = [p["name"] for p in variant["policies"][len(ours["policies"]):]]
    assert added == ["UnexpecTEDIntentPolicy", "TEDPolicy"]
    assert {k: v for k, v in variant.items() if k not in ("pipeline", "policies")} == {
        k: v for k, v in ours.items() if k not in ("pipeline", "policies")
    }


def test_a_config_that_already_has_ted_is_refused(tmp_path, monkeypatch):
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    config["policies"].append({"name": "TEDPolicy"})
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config))
    (tmp_path / "evaluation").mkdir()
    (tmp_path / "evaluation" / "policies_with_ted.yml").write_text((ROOT / "evaluation" / "policies_with_ted.yml").read_text())
    monkeypatch.setattr(policy_comparison, "ROOT", tmp_path)

    with pytest.raises(SystemExit, match="already has TEDPolicy"):
        policy_comparison.variant_config()


def test_the_model_is_retrained_when_an_input_is_newer():
    inputs = policy_comparison.training_inputs()

    assert ROOT / "config.yml" in inputs
    assert ROOT / "evaluation" / "policies_with_ted.yml" in inputs
    assert any(p.parent.name == "stories" for p in inputs)


@pytest.mark.parametrize(("values", "expected"), [([25.31, 27.2], "25.3–27.2"), ([17.04, 17.0], "17.0")])
def test_a_figure_over_rounds_is_shown_as_a_range(values, expected):
    assert policy_comparison.span(values, ".1f") == expected
