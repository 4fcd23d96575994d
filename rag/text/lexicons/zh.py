"""Chinese, Simplified and Traditional (answers follow the script of the question)."""

from dataclasses import replace

from rag.text.lexicons.shape import Lexicon, Phrases, Variant

SIMPLIFIED = Phrases(
    abstain="文件中没有回答这个问题的内容。",
    quote_note="根据文件（引用{lang}原文）：",
    conjunction="和",
    language_names={"en": "英文", "id": "印尼文", "fr": "法文", "zh": "中文"},
)

LEXICON = Lexicon(
    code="zh",
    english_name="Chinese",
    phrases=SIMPLIFIED,
    markers="们个这说会时来为开发么与对后资经动还国当长应进过现从间里体实执扎",
    variants=(Variant(
        code="zh-hant",
        markers="們個這說會時來為開發麼與對後資經動還國當長應進過現從間裡體實執祖",
        phrases=replace(SIMPLIFIED, abstain="文件中沒有回答這個問題的內容。",
                        quote_note="根據文件（引用{lang}原文）：")),),
    asks_number=("多少|幾|几|百分之|金額|金额|價格|价格|費用|费用|版本",),
    asks_date=("何時|何时|什麼時候|什么时候|哪一年|哪年|幾月|几月|哪個月|哪个月|哪一天|哪天|日期",),
    asks_term=("(?:哪|什麼|什么)[個个些]?(?:選項|选项|參數|参数|命令|指令|快捷鍵|快捷键|熱鍵|热键|鍵|键|按鍵|按键|"
               "擴展名|扩展名|後綴|后缀|目錄|目录|文件夾|文件夹|資料夾|路徑|路径|文件|檔案)",
               "(?:選項|选项|參數|参数|快捷鍵|快捷键|熱鍵|热键|擴展名|扩展名|後綴|后缀|目錄|目录|文件夾|文件夹|路徑|路径)"
               "(?:是什麼|是什么|是哪)"),
    asks_name=("叫什麼|叫什么|名字|名稱|名称|哪一?[個个家位款檔档]",),
    asks_relative=("百分|比例|增長|增长|成長|成长|上升|下降|下跌|倍",),
    number_words=("[一二三四五六七八九十兩两數数幾几][十百千萬万億亿兆]|[十百千][萬万億亿兆]|百分之",),
    date_words=(r"\d+\s*(?:月|年)",),
    relative_units=("倍",),
    scale_words={"千萬": 1e7, "千万": 1e7, "百萬": 1e6, "百万": 1e6, "十萬": 1e5, "十万": 1e5,
                 "萬": 1e4, "万": 1e4, "千億": 1e11, "千亿": 1e11, "百億": 1e10, "百亿": 1e10,
                 "十億": 1e9, "十亿": 1e9, "億": 1e8, "亿": 1e8, "兆": 1e12},
    refusals=("沒有提到|没有提到|未提及|沒有提供|没有提供|無法回答|无法回答",),
    anaphora=("它|他|她|他們|他们|該|该|那|這|这|其|此",),
    relations={
        "chief_executive": ("执行长|執行長|首席执行官|首席執行官|总裁|總裁|行政总裁|行政總裁",),
        "head": ("负责人|負責人|领导人|領導人|掌门|掌門|主管|掌舵",),
        "chair": ("董事长|董事長|董事会主席|董事會主席",),
        "chief_finance": ("首席财务官|首席財務官|财务长|財務長",),
        "chief_tech": ("首席技术官|首席技術官|技术长|技術長",),
        "founder": ("创始人|創始人|创办|創辦|创立|創立|成立",),
        "judge": ("法官",),
        "staff": ("员工|員工|雇员|僱員|职员|職員",),
        "parameters": ("参数|參數",),
        "price": ("价格|價格|价钱|價錢|售价|售價|费用|費用|收费|收費|定价|定價|成本",),
    },
)
