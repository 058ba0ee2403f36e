"""python -m bot.bench [--stages training,profile,vanilla,latency,memory,startup,nlu,variants]
[--nlu-baselines diet_blend,rasa_default] [--report-only]."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.bench.load import results_dir
from bot.bench.report import render
from bot.devtools.servers import ROOT

logger = logging.getLogger("bot.bench")

STAGES = ("training", "profile", "vanilla", "latency", "memory", "startup", "nlu", "variants")
SERVING = {"latency", "memory", "startup"}


def main() -> int:
    """Runs the chosen stages, then rebuilds the report from var/bench/."""
    parser = argparse.ArgumentParser(prog="python -m bot.bench", description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "aisho-dx.tar.gz")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--stages", default=",".join(STAGES), help=f"comma-separated, of {', '.join(STAGES)}"
    )
    parser.add_argument("--skip-training", action="store_true", help="all stages but training")
    parser.add_argument("--report-only", action="store_true", help="only rebuild the report")
    parser.add_argument(
        "--nlu-baselines",
        default="",
        help="nlu stage: also train and score these (slow: they train DIET): "
        "diet_blend, rasa_default",
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    stages = {stage.strip() for stage in arguments.stages.split(",") if stage.strip()}
    unknown = stages - set(STAGES)
    if unknown:
        parser.error(f"unknown stages {sorted(unknown)}; choose from {', '.join(STAGES)}")
    if arguments.skip_training:
        stages.discard("training")
    if arguments.report_only:
        stages = set()
    model = arguments.model.resolve()
    if stages - {"training"} and not model.exists():
        parser.error(f"{model} does not exist: run `make train` first")
    folder = results_dir()
    if "training" in stages:
        from bot.bench.training import run_training_stage

        logger.info("training: %s", run_training_stage(folder))
    if "profile" in stages:
        from bot.bench.profile import run_profile_stage

        logger.info("profile: %s", run_profile_stage(model, folder)["stages"])
    if "vanilla" in stages:
        from bot.bench.vanilla import run_vanilla_stage

        run_vanilla_stage(model, folder)
    if stages & SERVING:
        from bot.bench.serving import run_serving_stages

        run_serving_stages(stages & SERVING, model, folder)
    if "nlu" in stages:
        from bot.bench.nlu_baseline import run_nlu_stage

        baselines = [name for name in arguments.nlu_baselines.split(",") if name]
        run_nlu_stage(model, folder, baselines=baselines)
    if "variants" in stages:
        from bot.bench.nlu_variants import main as run_variants

        run_variants([])
    sys.stdout.write(render(folder, arguments.report.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
