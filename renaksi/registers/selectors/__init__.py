from renaksi.registers.selectors.figures import Figures, register_figures, register_figures_tree
from renaksi.registers.selectors.tasks import RegisterTask, register_tasks_for

__all__ = [
    "Figures",
    "RegisterTask",
    "register_figures",
    "register_figures_tree",
    "register_tasks_for",
]
