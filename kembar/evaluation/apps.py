from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "kembar.evaluation"
    label = "evaluation"
