"""Quote finding and speakers in Ukrainian news: general causes of the quotes the reader missed on the fresh4 part of
benchmarks/gold/quotes.yaml (NER-UK 2.0 NashiGroshi and tokenised BRUK texts), each pinned to the real sentence.
Every one of these was missed or given the wrong speaker before the fix."""

from __future__ import annotations

from conftest import quote_speakers as speakers
from conftest import quote_starting as _quote
from conftest import read_text as read


def test_a_quote_goes_on_after_its_dash_attribution_on_the_next_line():
    # NER-UK bruk/9c0774172f73: "« A , – розповідає X .\n– B » ." is one utterance of X in two parts
    text = ("Володимир і Дмитро Хом’яки – єдині два брати в Україні , що вважаються зниклими внаслідок бойових дій на "
            "Донбасі .\n\n« З 2015 року я почала їздити до Києва , познайомившись із такими самими мамами , як я , чиї "
            "діти зникли безвісти або потрапили в полон , – розповідає Катерина Хом’як .\n– Ми завжди на стороні своїх "
            "синів , ми будемо їх шукати » .\n")
    facts = read(text, "uk")
    first = _quote(facts, "З 2015 року я почала")
    second = _quote(facts, "Ми завжди на стороні своїх синів")
    assert first and second and second[0].endswith("будемо їх шукати")
    assert second[1] and "Хом" in second[2] and second[3] == first[3]


def test_a_quote_over_two_paragraphs_keeps_its_short_last_line_and_the_speaker_after_it():
    # NER-UK bruk/164940c99b86: the second paragraph ("Клас !") is too short to be a quote of its own, and the
    # attribution after it is the only one
    text = ("Не в останню чергу за своє вміння зависати на одному місці годинами при західному вітрі . « Ідеш на зміну в "
            "шахту - пустив , назад - вони ще там .\n\nКлас ! » , - каже Сергій Ніконоров .\n")
    facts = read(text, "uk")
    q = _quote(facts, "Ідеш на зміну в шахту")
    assert q is not None and q[1] and q[0].endswith("Клас !"), speakers(facts)
    assert "Ніконоров" in q[2]
    assert not _quote(facts, "Клас")


def test_the_clause_before_a_quote_in_the_same_sentence_stays_an_indirect_quote():
    # NER-UK ng/346183e7b6b1: "Київрада стверджує, що A, «B»": A is the council's indirect speech, B is quoted
    text = ("Однак суд міськраді відмовив.\nІ хоча Київрада стверджує, що має намір виконати рішення АМКУ, «намір "
            "добровільного виконання … не свідчить про його реальне виконання в майбутньому та не може бути підставою "
            "для скасування судового рішення у даній справі».\n")
    facts = read(text, "uk")
    q = _quote(facts, "має намір виконати рішення АМКУ")
    assert q is not None and not q[1] and q[0] == "має намір виконати рішення АМКУ"
    assert "Київрад" in q[2]
    assert _quote(facts, "намір добровільного виконання")[1]


def test_a_declaration_is_the_source_of_the_sentence_before():
    # NER-UK ng/c49d24717658: "Про це свідчить електронна декларація судді" (an adjective before the document)
    text = ("Сім'я судді Господарського суду м. Києва Ірини Андреїшини придбала автомобіль Subaru Outback 2015 року "
            "випуску вартістю 1,01 млн грн.\nПро це свідчить електронна декларація судді у реєстрі НАЗК.\n")
    facts = read(text, "uk")
    q = _quote(facts, "Сім'я судді Господарського суду")
    assert q is not None and not q[1]


def test_according_to_declarations_opens_reported_content():
    # NER-UK ng/c49d24717658: "Згідно з офіційними деклараціями про доходи, …" (an adjective before the noun)
    text = ("Суддя Андреїшина отримала 779 тис грн. доходу.\nЗгідно з офіційними деклараціями про доходи, суддя має "
            "службову квартирою площею 90 кв. м. Ця квартира належить Госпсуду Києва.\n")
    facts = read(text, "uk")
    assert _quote(facts, "суддя має службову квартирою"), speakers(facts)


def test_reported_and_testified_are_speech_verbs():
    # NER-UK ng/7e6a2bdcfd1c ("АМКУ відзвітував, що") and bruk/9c0774172f73 ("мати … засвідчила , що")
    facts = read("2 листопада АМКУ відзвітував, що оператори ринку не тільки виконали рекомендації, а й зменшили "
                 "націнки на окремі соціальні товари до 0%, тобто до собівартості.\n", "uk")
    q = _quote(facts, "оператори ринку не тільки виконали")
    assert q is not None and "АМКУ" in q[2]
    facts = read("Тіла двох загиблих невдовзі привезли до Луцька , але мати Катерина Хом’як засвідчила , що це не її "
                 "хлопці .\n", "uk")
    q = _quote(facts, "це не її хлопці")
    assert q is not None and "Хом" in q[2]


_ESTA = ("Депутат Київради Віталій Павлик відомий як юрист В'ячеслава Супруненка, екс-зятя колишнього мера Києва, "
         "Леоніда Черновецького.\nРеконструкцією ЦУМу з 2012 року займається ТОВ «Еста Холдинг» Ріната Ахметова.\n"
         "Звинувачення на свою адресу фірма спростовує.\n"
         "Щодо землі, то в компанії стверджують, що мають договори купівлі-продажу майна, що знаходиться на цій "
         "території, – трансформаторної підстанції і господарського приміщення.\n"
         "Забудовник наполягає, що для продовження реконструкції ЦУМу йому необхідно взяти в оренду ці землі.\n"
         "Крім того, за версією «Еста-Холдинг» оренда цих земель передбачена затвердженим проектом реконструкції.\n")


def test_the_developer_is_the_company_named_before_and_a_quoted_name_ends_the_cue_without_a_comma():
    # NER-UK ng/3d437460799f: "Забудовник наполягає" is the company, not the deputy named last; "за версією «X» A"
    facts = read(_ESTA, "uk")
    q = _quote(facts, "для продовження реконструкції ЦУМу")
    assert q is not None and "Еста" in q[2], speakers(facts)
    q = _quote(facts, "оренда цих земель передбачена")
    assert q is not None and not q[1] and "Еста" in q[2], speakers(facts)


def test_the_press_office_of_a_body_named_by_its_common_noun_is_that_body():
    # NER-UK ng/b859478153e4: "повідомили в прес-службі універмагу" after "ПАТ «Універмаг «Україна»"
    text = ("Господарський суд Києва підтвердив претензії компанії Lyndhurst Development Trading SA (LDT) на суму $45,2 "
            "млн до ПАТ «Універмаг «Україна».\nПро це повідомили в прес-службі універмагу.\n")
    facts = read(text, "uk")
    q = _quote(facts, "Господарський суд Києва підтвердив")
    assert q is not None and "Універмаг" in q[2], speakers(facts)


def test_a_role_noun_and_an_untagged_full_name_after_the_quote_name_the_speaker():
    # NER-UK ng/f5e3415a3653: the tagger finds no "Богдан Боровик"; "юрист" is not the man named inside the quote
    text = ("Виходить, що кредит надали самі собі.\n«Можна припустити з високою ймовірністю, що це зроблено для того, "
            "щоб убезпечити цю власність і закріпити її за бенефіціарним власником, який, як ми думаємо, є пан "
            "Злочевський», – розповів юрист Богдан Боровик.\n")
    facts = read(text, "uk")
    q = _quote(facts, "Можна припустити з високою")
    assert q is not None and "Боровик" in q[2] and q[3].startswith("PER"), speakers(facts)


def test_a_lead_of_two_sentences_before_about_it_reports_is_all_the_source_s():
    # NER-UK ng/bd76ed4df58f: "A. B. Про це повідомляється в «Віснику державних закупівель»." opens the article
    text = ("Держпідприємство Центр комунікацій «Україна – Всесвіт» 21 лютого замовило у держпідприємства «Національний "
            "туристичний офіс» організацію та проведення заходів широкої інформаційної кампанії під час проведення "
            "міжнародної виставки ІТВ 2011 у Берліні.\nВартість послуг склала 1 млн грн.\nПро це повідомляється в "
            "«Віснику державних закупівель».\nВиставка в Берліні пройде 9-11 березня 2011 року.\n")
    facts = read(text, "uk")
    first = _quote(facts, "Держпідприємство Центр комунікацій")
    second = _quote(facts, "Вартість послуг склала")
    assert first and second and not first[1] and "Віснику" in first[2] and first[3] == second[3], speakers(facts)
    assert not _quote(facts, "Виставка в Берліні")


def test_as_someone_remarked_opens_indirect_speech():
    # tokenised BRUK ea3fab248fbe ("Як зауважив X ,") and 10a2da5c514c ("Як відзначив X ,")
    for text, start, who in (
        ("Як зауважив Геннадій Свірський , постійне розширення потужностей підприємства стало можливим завдяки "
         "підтримці обласного керівництва та чиновників усіх рівнів .\n", "постійне розширення", "Свірський"),
        ("Як відзначив Володимир Бондаренко , поки в міста та архітекторів ще не має єдиного бачення , як має "
         "виглядати комплексне оновлення середмістя Києва .\n", "поки в міста", "Бондаренко"),
    ):
        q = _quote(read(text, "uk"), start)
        assert q is not None and not q[1] and who in q[2], (text, q)


def test_went_on_after_a_quote_attributes_it():
    # NER-UK 30933a298472: "», – продовжив Кудрін, пояснивши, що …"
    text = ("«Я обережно відношуся до цифри 1 трильйон рублів (експертна оцінка шкоди від корупції в рік), не усе це "
            "підходить під категорію «розкрадання», – продовжив Кудрін, пояснивши, що значну частину сумнівних "
            "закупівель ні юридично, ні фактично не можна визначити як крадійство.\n")
    q = _quote(read(text, "uk"), "Я обережно відношуся")
    assert q is not None and q[1] and "Кудрін" in q[2]


def test_a_quote_after_a_conjunction_is_the_speaker_of_the_sentence_before_and_argues_is_speech():
    # NER-UK ng/a767be7c3792: "І, «…»." goes on the firm's words; "«АБ «Легіон» доводить, що …"
    text = ("ТОВ «АБ «Легіон» звернулося до суду з вимогою визнати його переможцем торгів, оскільки його цінова "
            "пропозиція була найменшою.\nФірма пояснила, що у формі цінової пропозиції дві різні колонки містили опис "
            "однієї й тієї ж послуги.\nІ, «щоб уникнути задвоювання ціни, фірма заповнила лише одну колонку».\n"
            "Таким чином, «АБ «Легіон» доводить, що облуправління юстиції «неуважно поставилося до розроблення форми "
            "цінової пропозиції, що відобразилося у дублюванні послуг у різних колонках».\n")
    facts = read(text, "uk")
    q = _quote(facts, "щоб уникнути задвоювання")
    assert q is not None and q[1] and "Легіон" in q[2], speakers(facts)
    q = next((q for q in speakers(facts) if "неуважно поставилося" in q[0]), None)
    assert q is not None and "Легіон" in q[2], speakers(facts)


def test_a_verb_of_future_action_closing_a_sentence_does_not_take_it_from_the_speaker():
    # tokenised BRUK 766e1942f398: "Сакал повідомив , що …, оголосять у розшук ." is Сакал's, not "у розшук"'s
    text = ("Про них говорить заступник міністра внутрішніх справ , начальник Головного слідчого управління МВС "
            "Віталій Сакал .\n\nОкрім того , він зазначив , що 22 підозрюваних перебувають в активному відпрацюванні , "
            "включаючи депутатів Одеських обласної та міської рад .\nСакал повідомив , що найближчим часом їм оберуть "
            "запобіжний захід або ж , у разі ухиляння від слідства , оголосять у розшук .\n")
    q = _quote(read(text, "uk"), "найближчим часом їм оберуть")
    assert q is not None and "Сакал" in q[2], q


def test_a_bare_court_is_the_court_named_before_though_the_tagger_left_it_out():
    # NER-UK 08c0799d889a: "рішення госпсуду Дніпропетровської області" … "Суд наголосив, що"
    text = ("Таким чином обласна прокуратура забезпечила виконання рішення госпсуду Дніпропетровської області, який у "
            "березні цього року визнав недійсними розпорядження голови Васильківської райдержадміністрації та угоди про "
            "поновлення договорів оренди ділянок площею 7,65 га.\nСуд наголосив, що Васильківська РДА при укладенні "
            "договорів оренди повинна була звернути увагу на те, що у них не було змінено цільове призначення ділянки "
            "на землі промисловості.\n")
    q = _quote(read(text, "uk"), "Васильківська РДА при укладенні")
    assert q is not None and "Дніпропетровськ" in q[2], q


def test_representatives_of_an_untagged_body_speak_for_it():
    # tokenised BRUK d3d5522aa52e: "А представники Россільгоспнагляду після перевірок заявили , що"
    text = ("Преса сусідів кілька тижнів тому повідомляла , що голуби в Москві стали повільними та схожими на зомбі .\n\n"
            "А представники Россільгоспнагляду після перевірок заявили , що більшість померлих птахів були інфіковані "
            "хворобою Ньюкасла і сальмонельозом .\n")
    q = _quote(read(text, "uk"), "більшість померлих птахів")
    assert q is not None and "Россільгоспнагляд" in q[2], q


def test_a_register_holding_data_reports_it():
    # NER-UK b0163b57e788: "У реєстрі є дані, що …" (a register: the quote is found, no person speaks it)
    text = ("Масенко повідомив, що він, його дружина і дочка безоплатно користуються квартирою в Києві площею 100 кв. м. "
            "Власником квартир є Яцишин Ігор Георгійович.\nУ реєстрі є дані, що Яцишину належала квартира (площа не "
            "зазначена) на вул. Вузівській, що недалеко від Апеляційного суду Києва.\n")
    q = _quote(read(text, "uk"), "Яцишину належала квартира")
    assert q is not None and not q[3].startswith("PER"), q


def test_law_enforcement_reporting_is_a_group_not_the_suspect_named_before():
    # NER-UK ng/9452af41a134: "як повідомили правоохоронці, у 2011 році він передав …" is no word of Науменко's
    text = ("Колишньому заступнику голови Дніпропетровської облради Віктору Науменку не вдалося вийти з-під варти на "
            "поруки народних депутатів.\nПісля цього 13 серпня він був арештований із заставою у 13,78 млн грн.\n"
            "За даними матеріалів справи, він підозрюється у завданні 15 млн грн майнової шкоди державі.\nЗокрема, як "
            "повідомили правоохоронці, у 2011 році він передав в оренду на 49 років фірмі дочки своєї цивільної дружини "
            "майнового комплексу Аульскої хлоропереливної станції за заниженою орендною ставкою.\n")
    q = _quote(read(text, "uk"), "у 2011 році він передав")
    assert q is not None and not q[3].startswith("PER"), q


def test_as_the_investigation_found_opens_reported_content_but_not_the_journalists_own_finding():
    # NER-UK ng/bf276ac58f0f ("Як встановило слідство, …") and ng/f5e3415a3653 ("Як з'ясували журналісти, …")
    facts = read("Як встановило слідство, раніше «ТД «Укрпласт» придбав труби, поставлені комунальному підприємству, у "
                 "ТОВ «Полімертепло-Харків» по ціні 496 грн. за один погонний метр.\n", "uk")
    assert _quote(facts, "раніше «ТД «Укрпласт» придбав труби"), speakers(facts)
    facts = read("Як з'ясували журналісти, у жовтні 2014 року «Біртіліна Консалтінг ЛТД» позичила ТОВ «Великі ключі» "
                 "$1 млн.\n", "uk")
    assert speakers(facts) == []


def test_a_source_cue_without_a_comma_ends_at_the_verb():
    # NER-UK ng/517bca22990a: "будинок, що за даними слідства належить голові … Дмитру Філіпчуку, затриманому …"
    text = ("Суд наклав арешт на житловий будинок, що за даними слідства належить голові Всеукраїнської профспілки "
            "працівників галузі земельних відносин України Дмитру Філіпчуку, затриманому за вимагання $100 тис.\n")
    q = next((q for q in speakers(read(text, "uk")) if "належить голові" in q[0]), None)
    assert q is not None and "Філіпчук" not in q[2], q


def test_a_quoted_company_name_before_its_verb_is_no_quote():
    # NER-UK ng/5f0dd24186aa: "ТОВ «Вест Іст Груп» стверджувало, що …": the firm's indirect speech, its name no quote
    text = ("Суд вказав, що рішення Алупкінської міськради було прийняте за відсутності позитивного висновку державної "
            "експертизи землевпорядкувальної документації.\nТОВ «Вест Іст Груп» стверджувало, що має позитивний висновок "
            "держекспертизи, однак надати суду його не змогло.\n")
    facts = read(text, "uk")
    assert not _quote(facts, "Вест Іст Груп")
    q = _quote(facts, "має позитивний висновок")
    assert q is not None and not q[1] and "Вест Іст Груп" in q[2], speakers(facts)


_MAKHMUDOV = ("Про це розповів голова регіональної організації « Конгрес азербайджанців України » Тельман Махмудов .\n\n"
              "Нинішні дії російської влади голова азербайджанської громади області вважає неприпустимими . « Вчора вони "
              "прийшли в Крим , сьогодні на Донбас .\n\nА що завтра ? – зазначив пан Махмудов на прес-конференції . – "
              "Прийдуть у Полтаву і скажуть , що це російське місто , бо його Петро I від шведів звільнив ?\n\nЛюди все "
              "життя прожили на своїй землі , а тепер вимушені страждати .\n\nПричому страждають усі національності .\n\n"
              "Я не знаю , про що думає Путін .\n\nУ нього ж теж є діти .\n\nТоді чому він не жаліє чужих дітей ? »\n\n"
              "Гість запевнив , що азербайджанська діаспора повністю підтримує єдність України .\n")


def test_a_quote_over_seven_paragraphs_with_its_attribution_inside_is_the_speaker_s_throughout():
    # tokenised BRUK 91752831aab3: closed by a lone "»" ending its line six paragraphs on, attributed in the second
    facts = read(_MAKHMUDOV, "uk")
    for start in ("Вчора вони прийшли", "Люди все життя", "Я не знаю , про що думає Путін", "Тоді чому він"):
        q = _quote(facts, start)
        assert q is not None and q[1] and "Махмудов" in q[2], (start, speakers(facts))
    q = _quote(facts, "азербайджанська діаспора")  # "Гість" is the man quoted, not Putin named inside the quote
    assert q is not None and "Махмудов" in q[2], q


def test_as_reported_earlier_by_a_project_opens_its_report():
    # NER-UK ng/3eef4bd7fc75: "як раніше повідомляв проект «Гарна Хата», …" (an adverb inside the cue)
    text = ("Крім того, як раніше повідомляв проект «Гарна Хата», у цьому ж селі Романків за час служби збудував маєток "
            "на 600 кв. м. екс-заступник голови податкової міліції Юрій Атаманюк.\n")
    q = _quote(read(text, "uk"), "у цьому ж селі Романків")
    assert q is not None and not q[1] and "Гарна Хата" in q[2], q
