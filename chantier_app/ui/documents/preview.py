"""A generated PDF shown inside the application (QtPdf), with « Imprimer » and « Enregistrer ».

Printing renders each page with QPdfDocument and paints it on the printer: no external
viewer, no temporary file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSettings, QSize
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.services.documents.files import write_pdf
from chantier_app.services.documents.printing import GeneratedDocument
from chantier_app.ui.errors import show_error

MAX_PRINT_DPI = 300  # a page at the printer's 1 200 dpi would be half a gigabyte


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint the pages the printer asks for; return how many were printed."""
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
        first, last = printer.fromPage(), min(printer.toPage() or count, count)
    pages = list(range(first - 1, last))
    if not pages:
        return 0
    _orient(printer, document, pages[0])
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(tr("L'imprimante n'a pas pu démarrer l'impression."))
    try:
        for index, page in enumerate(pages):
            if index:
                _orient(printer, document, page)
                printer.newPage()
            target = printer.pageLayout().paintRectPixels(printer.resolution())
            size = document.pagePointSize(page)
            scale = min(target.width() / size.width(), target.height() / size.height())
            width, height = size.width() * scale, size.height() * scale
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            image = document.render(
                page, QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
            )
            painter.drawImage(QRectF(0, 0, width, height), image)
    finally:
        painter.end()
    return len(pages)


def _orient(printer: QPrinter, document: QPdfDocument, page: int) -> None:
    size = document.pagePointSize(page)
    landscape = size.width() > size.height()
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )


class PdfPreview(QWidget):
    """The preview pane: title, page count, zoom, print and save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current: GeneratedDocument | None = None
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.title = QLabel(tr("Aucun document : choisissez-en un puis « Aperçu »."))
        self.title.setObjectName("previewTitle")
        self.title.setWordWrap(True)
        self.pages = QLabel()
        self.zoom_out = QPushButton("−")
        self.zoom_in = QPushButton("+")
        self.fit = QPushButton(tr("Pleine largeur"))
        self.print_button = QPushButton(tr("Imprimer…"))
        self.save_button = QPushButton(tr("Enregistrer en PDF…"))
        for button, tip in (
            (self.zoom_out, tr("Réduire")),
            (self.zoom_in, tr("Agrandir")),
        ):
            button.setToolTip(tip)
            button.setFixedWidth(32)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.pages)
        for widget in (self.zoom_out, self.zoom_in, self.fit, self.print_button, self.save_button):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        self.print_button.setToolTip(tr("Imprimer (Ctrl+P)"))
        self.save_button.setToolTip(tr("Enregistrer en PDF (Ctrl+S)"))
        self._enable(False)

    def has_document(self) -> bool:
        return self.current is not None

    def _enable(self, enabled: bool) -> None:
        for widget in (self.zoom_out, self.zoom_in, self.fit, self.print_button, self.save_button):
            widget.setEnabled(enabled)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    def show_document(self, generated: GeneratedDocument) -> None:
        """Load the PDF bytes (kept in memory: nothing is written until « Enregistrer »)."""
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(generated.pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.current = generated
        self.title.setText(f"<b>{generated.title}</b>")
        count = self.document.pageCount()
        self.pages.setText(tr("{n} page(s)").format(n=count))
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._enable(True)

    def clear(self) -> None:
        self.document.close()
        self.current = None
        self.title.setText(tr("Aucun document : choisissez-en un puis « Aperçu »."))
        self.pages.clear()
        self._enable(False)

    # Print and save -------------------------------------------------------------------
    def print_document(self) -> None:
        if self.current is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.current.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("Imprimer « {title} »").format(title=self.current.title))
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            print_pdf(self.document, printer)
        except OSError as error:
            show_error(self, error)

    def save_document(self) -> None:
        if self.current is None:
            return
        settings = QSettings()
        folder = settings.value("documents/folder", str(Path.home()), type=str)
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            tr("Enregistrer en PDF"),
            str(Path(folder) / self.current.filename),
            tr("Documents PDF (*.pdf)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        self.save_to(path)
        settings.setValue("documents/folder", str(path.parent))

    def save_to(self, path: Path) -> Path | None:
        """Write the shown PDF to ``path``; a failure is shown, never raised."""
        if self.current is None:
            return None
        try:
            return write_pdf(path, self.current.pdf)
        except AppError as error:  # disk full, folder read-only: a French message
            show_error(self, error)
        return None

    def sizeHint(self) -> QSize:
        return QSize(640, 720)
