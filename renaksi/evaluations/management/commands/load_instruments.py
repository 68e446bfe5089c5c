from django.core.management.base import BaseCommand

from renaksi.evaluations.services import builtin_load


class Command(BaseCommand):
    help = "Muat instrumen bawaan (PMPRB 2020–2022, LKE ZI 2023) bila belum ada."

    def handle(self, *args, **options):
        created = builtin_load()
        for instrument in created:
            self.stdout.write(f"{instrument.code}: {instrument.nodes.count()} butir")
        if not created:
            self.stdout.write("Semua instrumen bawaan sudah ada.")
