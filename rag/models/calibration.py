"""Sentences the embedder's int8 export is checked against (rag.models.onnx_quantize).

Written for this purpose, in the four languages the assistant is used in, and in the shapes its
passages take: prose, instructions, commands and paths, figures, table rows, headings. Taken from
no corpus and no gold set, so that no evaluation is tuned through them.
"""

from __future__ import annotations

SENTENCES: tuple[str, ...] = (
    "The museum reopened in spring after two years of repairs to its roof and heating.",
    "To install the package, run `sudo apt install curl` and restart the terminal.",
    "Revenue rose 12% to $4.3 billion in the third quarter, the company said on Tuesday.",
    "Settings are read from ~/.config/app/settings.toml when the program starts.",
    "| Option | Default | Meaning |\n| --timeout | 30 | seconds to wait for a reply |",
    "Chapter 4. Working with layers",
    "Heavy rain is expected along the coast tonight, with winds of up to 90 km/h.",
    "Press Ctrl+S to save the drawing, or Ctrl+Shift+S to save it under a new name.",
    "Le conseil municipal a voté mardi un budget de 12 millions d'euros pour les écoles.",
    "Pour ouvrir le fichier, choisissez Fichier > Ouvrir puis sélectionnez le dossier.",
    "La commande `ls -l /etc` affiche les fichiers du répertoire avec leurs droits.",
    "Les températures resteront douces cette semaine, entre 14 et 18 degrés.",
    "Installation du logiciel sous Windows, macOS et Linux",
    "Le tableau ci-dessous indique la taille maximale de chaque pièce jointe (25 Mo).",
    "Pemerintah menaikkan anggaran pendidikan menjadi Rp 665 triliun tahun depan.",
    "Untuk menyimpan berkas, tekan tombol Simpan di pojok kanan atas layar.",
    "Jalankan perintah `pip install requests` sebelum menjalankan skrip ini.",
    "Hujan deras diperkirakan turun di Jakarta pada sore hari hingga malam.",
    "Pengaturan disimpan di berkas config.ini di dalam folder aplikasi.",
    "Bab 2. Membuat proyek baru",
    "公司表示，第三季度营收同比增长百分之十二，达到四十三亿美元。",
    "要安装该软件包，请在终端中运行 sudo apt install curl。",
    "配置文件位于 ~/.config/app/settings.toml，程序启动时读取。",
    "明天北京多云转晴，最高气温二十三度，最低气温十一度。",
    "按 Ctrl+S 保存图纸，按 Ctrl+Shift+S 另存为新文件。",
    "第三章 图层的使用",
    "博物馆屋顶维修两年后于今年春天重新开放。",
    "下表列出了每种附件的最大大小（25 MB）。",
    "The library lends e-books for fourteen days; renewals are possible twice.",
    "Error 404: the requested page could not be found on this server.",
    "Le train partira de la voie 7 à 8 h 15 et arrivera à Lyon à 10 h 02.",
    "Kereta berangkat dari peron 3 pukul 07.45 dan tiba di Bandung pukul 10.30.",
)
