"""What a question asks for (a figure, a date, a name) and which sentences can answer it, in the
four languages; and whether a rewording keeps the names a sentence adds."""

from __future__ import annotations

import pytest

from rag.text.names import keeps_a_name, new_names
from rag.text.question_types import expected_answer_type, fits_answer_type


def test_a_figure_in_words_fits_a_how_much_question() -> None:
    kind = expected_answer_type("根據法文文章,祖克柏投入了多少資金?")
    assert kind == "number"
    for sentence in ("Après avoir investi des dizaines de milliards pour assembler l'équipe.",
                     "Meta menghabiskan puluhan miliar dolar.", "Meta 投入數百億美元。",
                     "Meta invested $14.3 billion."):
        assert fits_answer_type(kind, sentence), sentence
    for sentence in ("Meta built Avocado on Qwen.", "阿里巴巴旗下通義千問系列開源模型。"):
        assert not fits_answer_type(kind, sentence), sentence


def test_a_name_question_needs_a_name_the_question_does_not_already_give() -> None:
    question = "What is the name of the spokesperson who said the plan had not changed?"
    assert expected_answer_type(question) == "name"
    assert expected_answer_type("Siapa nama juru bicara perusahaan itu?") == "name"
    assert fits_answer_type("name", "The plan has not changed, said spokesperson Anna Berg.", question)
    assert fits_answer_type("name", "該公司發言人王小明表示計劃沒有改變。", question)  # no capitals
    for near_miss in ("'The plan has not changed,' the spokesperson said.",
                      "Plans change, a spokesperson said.",
                      "Spokesperson-nya mengatakan rencana Spokesperson-nya tidak berubah."):
        assert not fits_answer_type("name", near_miss, question), near_miss


def test_which_one_in_chinese_asks_for_a_name() -> None:
    question = "祖克柏是在哪一個播客節目中談到這件事的?"  # which podcast?
    assert expected_answer_type(question) == "name"
    assert expected_answer_type("Llama 4 是在哪個月發布的?") == "date"  # which month: a date
    assert not fits_answer_type("name", "'Kami tidak akan melakukannya,' katanya dalam sebuah podcast.",
                                question)
    assert fits_answer_type("name", "He said it on the Dwarkesh Podcast.", question)


def test_a_version_question_needs_a_figure() -> None:
    question = "Which Android version does the phone run?"
    assert expected_answer_type(question) == "number"
    assert fits_answer_type("number", "The phone runs Android 14.", question)
    assert not fits_answer_type("number", "The phone runs Android and ships in May.", question)


def test_a_growth_rate_does_not_answer_a_question_about_a_total() -> None:
    growth = "Jumlah unduhan model DeepSeek dan Qwen meningkat hampir 1000 kali dan 135%."
    total = "Combien de téléchargements au total Qwen a-t-il enregistrés sur Hugging Face ?"
    assert expected_answer_type(total) == "number"
    assert not fits_answer_type("number", growth, total)
    for relative in ("De combien les téléchargements de Qwen ont-ils augmenté ?",
                     "By how many times did DeepSeek downloads grow?", "Qwen 的下載量成長了多少?",
                     "What percentage of downloads came from Qwen?"):
        assert fits_answer_type("number", growth, relative), relative
    # A percentage beside an absolute figure still answers a total.
    assert fits_answer_type("number", "Qwen reached 300 million downloads, up 135%.", total)


def test_a_rewording_must_keep_a_name_the_sentence_adds_to_the_question() -> None:
    sentence = "Selon Bloomberg, Avocado serait affiné à partir du modèle Qwen d'Alibaba."
    question = "From which model is Avocado fine-tuned?"
    assert new_names(question, sentence) == ["Bloomberg", "Qwen", "Alibaba"]  # not "Selon", "Avocado"
    kind = expected_answer_type(question)
    assert keeps_a_name(sentence, "Avocado is fine-tuned from Alibaba's Qwen [1].", question, kind)
    assert not keeps_a_name(sentence, "Avocado is fine-tuned from another model [1].", question, kind)
    assert keeps_a_name("Le modèle sera payant.", "The model will be paid for.", question, kind)
    # A question for a figure or a date is answered by the figure, whatever names are dropped.
    assert keeps_a_name(sentence, "In 2025 [1].", "When was Avocado fine-tuned?", "date")


def test_a_question_for_an_option_or_a_key_needs_a_technical_term() -> None:
    # Written for this test, in the four languages; none is a gold question.
    for question in ("Which tar option lists an archive's contents?",
                     "Quelle touche ouvre le menu d'aide ?",
                     "Opsi apa yang membuat grep mengabaikan huruf besar?",
                     "tar 用哪个选项解压文件？"):
        assert expected_answer_type(question) == "term", question
    for sentence in ("-t, --list  list the contents of an archive", "Appuyez sur F1 pour l'aide.",
                     "Gunakan -i untuk mengabaikan huruf besar.", "日志保存在 /var/log/app 中。",
                     "Edit | Find | Ctrl+F", "Start routing | X", "Zoom out (hotkey ~).",
                     "To erase a disk for good, consider wipe(8)."):
        assert fits_answer_type("term", sentence), sentence
    for sentence in ("A list of the contents is printed.", "Les options sont décrites plus bas.",
                     "日志文件会定期清理。"):
        assert not fits_answer_type("term", sentence), sentence
    # A term the question writes is what it asks about, not the answer.
    asked = "Which option does the same as --all?"
    assert not fits_answer_type("term", "--all is described below.", asked)
    assert fits_answer_type("term", "-a, --all  do not ignore entries starting with .", asked)
    # News questions keep their kinds: a "which" question about a company is not a term question.
    assert expected_answer_type("Which company did Meta invest in?") is None


def test_a_question_for_a_folder_needs_a_path() -> None:
    # Written for this test; none is a gold question.
    for question in ("Which directory holds the logs?", "Where does tar keep its cache?",
                     "Dans quel dossier sont les journaux ?", "Où les journaux sont-ils stockés ?",
                     "Di folder mana log disimpan?", "Di mana berkas log disimpan?",
                     "日志文件放在哪个目录？", "配置保存在哪里？"):
        assert expected_answer_type(question) == "path", question
    # "Where" alone asks for a place.
    for question in ("Where is the company based?", "Où se trouve le siège ?",
                     "Di mana kantor pusatnya?", "总部在哪里？"):
        assert expected_answer_type(question) is None, question
    for sentence in ("Logs go to /var/log/app.", "Linux: ~/.cache/app", "Windows: %APPDATA%\\app",
                     "Vous les trouverez dans examples/logs.", "C:\\Program Files\\App\\logs"):
        assert fits_answer_type("path", sentence, "Which directory holds the logs?"), sentence
    for sentence in ("Logs are kept in the log directory.", "APP_LOG_DIR Location of the logs.",
                     "Use TCP for logging."):
        assert not fits_answer_type("path", sentence, "Which directory holds the logs?"), sentence
    # The folder the question names is not the answer.
    assert not fits_answer_type("path", "/var/log/app is rotated daily.",
                                "Where is /var/log/app stored?")


def test_a_quantity_in_a_unit_asks_for_a_number() -> None:
    for question in ("How long does the backup take, in minutes?", "How large can a sheet be?",
                     "Quelle taille a le cache ?", "Le délai, en secondes ?",
                     "Berapa lama, dalam detik?", "Ukuran cache dalam megabyte?", "缓存有多大？"):
        assert expected_answer_type(question) == "number", question


def test_a_question_naming_an_option_is_answered_by_a_sentence_that_writes_it() -> None:
    from rag.text.terms import paths_and_options, writes_every_term

    assert paths_and_options("Et %T ? Et ~/.config/app ?") == ["%T", "~/.config/app"]
    assert paths_and_options("Is GPT-4o better than Llama-3?") == []  # product names, not options

    def names_every_term(asked: str, sentence: str) -> bool:
        return writes_every_term(paths_and_options(asked), sentence)

    assert names_every_term("What does ls -t do?", "-t     sort by time, newest first")
    assert not names_every_term("What does ls -t do?", "-T, --tabsize=COLS  assume tab stops")
    assert not names_every_term("What does ls -l do?", "--literal  print entry names as is")
    assert names_every_term("Which model is it built on?", "Any sentence at all.")


def test_a_figure_the_question_already_states_is_no_answer() -> None:
    question = "For how many days does the app keep its 3D model cache?"
    assert expected_answer_type(question) == "number"
    assert not fits_answer_type("number", "The 3D model cache speeds up the 3D viewer.", question)
    assert fits_answer_type("number", "The 3D model cache is kept for 30 days.", question)
    version = "Quelle version de Python 3 utilise la console de l'app 6 ?"
    assert not fits_answer_type("number", "L'app 6 nécessite Python 3.", version)
    assert fits_answer_type("number", "L'app 6 embarque Python 3.10.", version)
    # A figure written with the other decimal mark is the same figure.
    assert not fits_answer_type("number", "Version 14.3 is described.", "What changed in 14,3?")


def test_a_date_phrase_holding_a_number_word_asks_for_a_date() -> None:
    # "tanggal berapa" (which date) holds "berapa" (how many), "几月" (which month) holds "几".
    for question in ("Tanggal berapa versi 2 dirilis?", "Tahun berapa proyek itu dimulai?",
                     "软件是几月发布的？"):
        assert expected_answer_type(question) == "date", question
    for question in ("Berapa harga langganannya?", "软件有几个版本？",
                     "What is the name of the version?"):
        assert expected_answer_type(question) == "number", question
    assert not fits_answer_type("date", "As of version 2, the format is 1.",
                                "Tanggal berapa versi 2 dirilis?")


@pytest.mark.parametrize(("question", "kind"), [
    ("When was the archiver first released?", "date"),
    ("And when did it do that?", "date"),
    ("Do you know when the archiver was released?", "date"),
    ("Quand le format est-il sorti ?", "date"),
    ("Depuis quand le format existe-t-il ?", "date"),
    # After another question word, "when" opens a condition: the question asks how or which.
    ("How do I stop the archiver from overwriting files when it unpacks?", None),
    ("Which file does the editor read when it starts?", "term"),
    ("How many users did the service have when it launched?", "number"),
    ("Comment forcer un retour à la ligne quand le champ n'accepte qu'une ligne ?", None),
    ("Que se passe-t-il quand le disque est plein ?", None),
])
def test_a_when_after_another_question_word_opens_a_condition(question: str, kind: str | None) -> None:
    assert expected_answer_type(question) == kind
    if kind is None:  # a sentence without a date may answer it
        assert fits_answer_type(kind, "Use the -k option to keep existing files.", question)
