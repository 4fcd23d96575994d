"""Indonesian."""

from rag.text.lexicons.shape import Lexicon, Phrases

LEXICON = Lexicon(
    code="id",
    english_name="Indonesian",
    phrases=Phrases(
        abstain="Dokumen tidak menjawab pertanyaan ini.",
        quote_note="Dari dokumen (dikutip dalam bahasa {lang}):",
        conjunction=" dan ",
        language_names={"en": "Inggris", "id": "Indonesia", "fr": "Prancis", "zh": "Tionghoa"},
    ),
    function_words=frozenset(
        "apa siapa kapan mana mengapa kenapa bagaimana berapa yang dan di ke dari untuk dengan ini itu "
        "adalah akan tidak dalam pada oleh juga atau sebagai bisa sudah telah saja kah lalu nya mereka "
        "kami kita dia saya anda".split()),
    stopwords=frozenset(
        "yang dan di ke dari untuk dengan ini itu adalah akan tidak dalam pada oleh juga atau apa "
        "siapa kapan mana mengapa bagaimana berapa sebagai".split()),
    asks_number=(r"\b(?:berapa(?! tahun)|jumlah|harga|biaya|valuasi|versi)\b",
                 r"\bdalam (?:(?:mili|mikro|nano)?detik|menit|jam|hari|minggu|(?:kilo|mega|giga)?byte|"
                 r"(?:mili|senti)?meter|inci|piksel|poin)\b"),
    asks_date=(r"\b(?:kapan|tahun berapa|bulan apa|tanggal berapa)\b",),
    asks_name=(r"\b(?:siapa nama|nama (?:dari|apa))\b",),
    asks_path=(r"\b(?:direktori|folder|jalur|path)(?: \S+)? (?:apa|mana)\b",
               r"\b(?:di ?mana)\b(?=[^?]*\b(?:\w*simpan|\w*pasang|instal\w*|direktori|folder)\b)"),
    asks_term=(r"\b(?:opsi|tombol|pintasan|hotkey|ekstensi|akhiran|berkas)"
               r"(?: \S+)? (?:apa|mana)\b", r"\bperintah (?:apa|mana)\b"),
    asks_relative=(r"persen", r"\b(?:kali|naik|turun|meningkat|tumbuh|pertumbuhan)\b"),
    number_words=(r"\b(?:puluhan|ratusan|ribuan|jutaan|juta|miliaran|miliar|triliun)\b",),
    months=("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
            "oktober", "november", "desember"),
    date_words=(r"\b(?:tahun lalu)\b",),
    relative_units=(r"persen\b", r"kali\b"),
    scale_words={"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12},
    numbered_words=("bab",),
    refusals=(r"tidak (?:disebutkan|menyebutkan|ada informasi|terdapat)",),
    anaphora=(r"\b(?:itu|tersebut|ini|dia|mereka|nya|sana|di sana|dan|juga)\b",),
    relations={
        "chief_executive": (r"\b(?:direktur utama|dirut)\b",),
        "head": (r"\b(?:kepala|pemimpin|memimpin|dipimpin|pimpinan|direktur|bos)\b",),
        "chair": (r"\b(?:ketua dewan|presiden komisaris|komisaris utama)\b",),
        "chief_finance": (r"\bdirektur keuangan\b",),
        "chief_tech": (r"\bdirektur teknologi\b",),
        "founder": (r"\b(?:pendiri|didirikan|mendirikan)\b",),
        "judge": (r"\bhakim\b",),
        "staff": (r"\b(?:karyawan|pegawai|staf)\b",),
        "parameters": (r"\bparameter\b",),
        "price": (r"\b(?:harga|biaya|tarif|ongkos)\b",),
    },
    instructions=(
        r"\b(?:abaikan|lupakan|acuhkan)\s+(?:(?:semua|seluruh|setiap|instruksi|perintah|"
        r"sebelumnya|di\s+atas)\s+)*(?:instruksi|perintah|pertanyaan|aturan|petunjuk)\b",
        r"\b(?:balas|jawab|tanggapi|respons)(?:lah)?\s+(?:(?:hanya|saja|selalu)\s+)?dengan\b",
        r"\b(?:jangan|tidak\s+usah)\s+(?:men)?jawab\s+pertanyaan\b",
        r"\balih-alih\s+menjawab\b",
        r"\b(?:asisten|model|chatbot|ai|anda|kamu)\s+(?:harus|wajib|perlu)\s+(?:membalas|menjawab|"
        r"mengatakan|menulis|menyertakan|mencantumkan|menampilkan)\b",
        r"\b(?:sertakan|tambahkan|tampilkan|tuliskan)\s+(?:tautan|kode|teks|alamat|string)\s+"
        r"(?:ini|berikut)\b",
    ),
)
