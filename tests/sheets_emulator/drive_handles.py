"""The handles tests use for Drive: make a folder (shared or not), read a Doc's text, trash or
delete a file as a person would, and see a spreadsheet's `version`."""

from __future__ import annotations

from .drive_files import DOC_MIME, FOLDER_MIME, DriveFile, new_file_id
from .store import Store


class DriveHandles:
    store: Store

    def create_folder(
        self, name: str = "Relīžu melnraksti", *, access: str | None = "writer", shared_drive: str | None = None
    ) -> str:
        """A folder; `access` is the caller's role: "writer", "reader", or None (exists, not shared);
        `shared_drive` puts it in that shared drive (where a service account may create files)."""
        with self.store.lock:
            folder = DriveFile(new_file_id(), name, FOLDER_MIME, access=access, drive_id=shared_drive)
            self.store.files[folder.id] = folder
            return folder.id

    def drive_file(self, file_id: str) -> DriveFile:
        with self.store.lock:
            return self.store.files[file_id]

    def docs_in(self, folder_id: str, *, trashed: bool = False) -> list[DriveFile]:
        with self.store.lock:
            return [
                f
                for f in self.store.files.values()
                if folder_id in f.parents and f.mime_type == DOC_MIME and f.trashed == trashed
            ]

    def doc_text(self, file_id: str) -> str:
        with self.store.lock:
            return self.store.files[file_id].text

    def trash_file(self, file_id: str) -> None:
        with self.store.lock:
            self.store.files[file_id].trashed = True

    def delete_file(self, file_id: str) -> None:
        with self.store.lock:
            del self.store.files[file_id]

    def version(self, spreadsheet_id: str) -> int:
        with self.store.lock:
            spreadsheet = self.store.get(spreadsheet_id)
            assert spreadsheet is not None, spreadsheet_id
            return spreadsheet.version
