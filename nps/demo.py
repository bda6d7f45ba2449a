"""Deterministic, realistic NPS survey data: the bundled demo files and the 1,000,000-row bench export.

Everything is drawn with numpy from one seeded generator, so the same seed gives byte-identical files.
The data carries a story a meeting can find (see data/demo/README.md): Poland's delivery crisis in the
summer, Enterprise above Free, Post-support improving after a spring support change, mobile below Web.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = (
    "survey",
    "response_id",
    "customer_id",
    "email",
    "name",
    "submitted_at",
    "score",
    "comment",
    "region",
    "plan",
    "channel",
    "country",
)
SURVEY_FILES = {
    "Relationship NPS": "relationship-nps.csv",
    "Post-support": "post-support.csv",
    "Onboarding": "onboarding.csv",
}
DEMO_START = date(2025, 12, 1)
BENCH_START = date(2024, 12, 1)

SURVEYS = ("Relationship NPS", "Post-support", "Onboarding")
_SURVEY_SHARE = (0.5, 0.3, 0.2)
_SURVEY_BASELINE = (32.0, -8.0, 38.0)

PLANS = ("Free", "Starter", "Pro", "Enterprise")
_PLAN_SHARE = (0.35, 0.30, 0.25, 0.10)
_PLAN_EFFECT = (-10.0, -2.0, 6.0, 16.0)

CHANNELS = ("Web", "iOS", "Android", "Email", "Phone")
_CHANNEL_EFFECT = (4.0, -4.0, -6.0, 1.0, 2.0)
_CHANNEL_SHARE_BY_SURVEY = (
    (0.30, 0.15, 0.15, 0.35, 0.05),
    (0.20, 0.10, 0.10, 0.35, 0.25),
    (0.45, 0.18, 0.17, 0.15, 0.05),
)

REGIONS = ("North America", "UK & Ireland", "DACH", "Poland", "Middle East", "Thailand", "Greater China")
_REGION_SHARE = (0.24, 0.12, 0.14, 0.16, 0.10, 0.10, 0.14)
_REGION_EFFECT = (4.0, 0.0, -3.0, 6.0, 4.0, 8.0, -2.0)
_REGION_UTC_OFFSET_HOURS = (-5.0, 0.0, 1.0, 1.0, 3.5, 7.0, 8.0)
_REGION_COUNTRIES: tuple[tuple[tuple[str, float], ...], ...] = (
    (("US", 0.85), ("CA", 0.15)),
    (("GB", 0.85), ("IE", 0.15)),
    (("DE", 0.65), ("AT", 0.15), ("CH", 0.20)),
    (("PL", 1.0),),
    (("AE", 0.40), ("SA", 0.40), ("QA", 0.10), ("KW", 0.10)),
    (("TH", 1.0),),
    (("CN", 0.80), ("HK", 0.12), ("TW", 0.08)),
)
_REGION_NAMES = ("en", "en", "de", "pl", "ar", "th", "zh")
_NAME_CULTURES = ("en", "de", "pl", "ar", "th", "zh")
_REGION_LANGUAGE = ("en", "en", "en", "pl", "ar", "th", "zh")
_ENGLISH_ELSEWHERE = 0.15

LANGUAGES = ("en", "pl", "th", "ar", "zh")
CATEGORIES = ("detractor", "passive", "promoter")
THEMES = ("price", "support", "delivery", "quality", "app", "billing", "none")

_PASSIVE_SHARE = 0.28
_CUSTOMER_SPREAD = 12.0
_SUPPORT_CHANGE_DAY = 105
_POLAND_SHOCK = 35.0
_POLAND_KNOTS_DAYS = (182.0, 200.0, 274.0, 290.0, 365.0, 500.0)
_POLAND_KNOTS_LEVEL = (0.0, 1.0, 1.0, 0.7, 0.5, 0.0)
_WEEKDAY_VOLUME = (1.15, 1.2, 1.15, 1.1, 0.95, 0.6, 0.55)

_SCORE_WEIGHTS = (
    (0.04, 0.03, 0.05, 0.08, 0.12, 0.25, 0.43, 0, 0, 0, 0),
    (0, 0, 0, 0, 0, 0, 0, 0.45, 0.55, 0, 0),
    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0.52, 0.48),
)
_COMMENT_PROPENSITY = (1.25, 0.8, 0.95)
_OPENER_RATE = 0.35
_CLOSER_RATE = 0.3
_THEME_BASE = (
    (1.6, 1.6, 1.4, 1.4, 1.2, 1.0, 0.5),
    (1.6, 1.0, 1.2, 1.2, 1.2, 0.8, 1.0),
    (1.0, 1.2, 1.2, 1.4, 1.0, 0.6, 1.6),
)
_PASTED_RATE = 0.002

Verbatims = dict[str, dict[str, dict[str, tuple[str, ...]]]]

_VERBATIMS: Verbatims = {
    "en": {
        "detractor": {
            "price": (
                "Prices went up again and I honestly can't see what I'm paying extra for.",
                "Way too expensive for what you get, the cheaper shops do the same.",
            ),
            "support": (
                "Customer support took five days to answer a simple question.",
                "I was passed between three support agents and nobody fixed anything.",
            ),
            "delivery": (
                "My order arrived a week late and the tracking never updated.",
                "The parcel came damaged and the courier just left it at the door.",
            ),
            "quality": (
                "The product broke after two weeks of normal use.",
                "Quality has gone downhill, the last two items were faulty.",
            ),
            "app": (
                "The app keeps crashing when I try to check out.",
                "The website logs me out every time I open my basket.",
            ),
            "billing": (
                "I was charged twice this month and I'm still waiting for the refund.",
                "The invoice didn't match my plan and nobody could explain why.",
            ),
            "none": (
                "Not what I expected at all.",
                "Honestly a disappointing experience from start to finish.",
            ),
        },
        "passive": {
            "price": (
                "Decent, but the price is a bit high compared to others.",
                "Would be a 10 if the subscription were a little cheaper.",
            ),
            "support": (
                "Support was polite but it took a while to get an answer.",
                "The help desk solved it in the end, after a couple of emails.",
            ),
            "delivery": (
                "Delivery is usually fine, sometimes a day or two late.",
                "Shipping works, but the delivery slots could be more flexible.",
            ),
            "quality": (
                "Product quality is okay, nothing special.",
                "Mostly good quality, one item was not quite as described.",
            ),
            "app": (
                "The app does the job but feels slow on my phone.",
                "The website is fine, though search could be better.",
            ),
            "billing": (
                "Billing is clear enough, but I'd like invoices in my own currency.",
                "Payment options are limited, otherwise fine.",
            ),
            "none": (
                "It's fine. Does what it says.",
                "Good overall, room for improvement.",
            ),
        },
        "promoter": {
            "price": (
                "Great value for money, cheaper than what I paid before.",
                "Fair price and no hidden fees, love it.",
            ),
            "support": (
                "Support sorted my problem in ten minutes, really friendly people.",
                "The chat support is fantastic, quick and helpful.",
            ),
            "delivery": (
                "Delivery is always on time, often the next day.",
                "Fast shipping and everything arrived well packed.",
            ),
            "quality": (
                "Excellent quality, everything I ordered has lasted.",
                "The products are well made and exactly as described.",
            ),
            "app": (
                "The app is simple and quick, reordering takes seconds.",
                "Really easy to use website, I found everything straight away.",
            ),
            "billing": (
                "Invoices are clear and payment is painless.",
                "Billing just works, never had a single issue.",
            ),
            "none": (
                "Love it, already recommended you to my team.",
                "Brilliant, keep doing what you're doing!",
            ),
        },
    },
    "pl": {
        "detractor": {
            "price": (
                "Ceny znowu poszły w górę, a jakość się nie zmieniła.",
                "Za drogo jak na to, co dostaję. Konkurencja jest tańsza.",
            ),
            "support": (
                "Obsługa klienta odpowiada po kilku dniach, a problem dalej nierozwiązany.",
                "Na infolinii przełączali mnie trzy razy i nikt nie umiał pomóc.",
            ),
            "delivery": (
                "Dostawa spóźniła się o tydzień, a kurier nawet nie zadzwonił.",
                "Paczka przyszła uszkodzona, a śledzenie przesyłki w ogóle nie działało.",
                "Trzecie zamówienie z rzędu z opóźnioną dostawą. Tak się nie da.",
                "Czas dostawy wydłużył się z dwóch dni do dwóch tygodni.",
                "Kurier zostawił paczkę pod drzwiami, w deszczu.",
            ),
            "quality": (
                "Produkt zepsuł się po dwóch tygodniach normalnego używania.",
                "Jakość wyraźnie spadła, ostatnie dwie rzeczy były wadliwe.",
            ),
            "app": (
                "Aplikacja ciągle się zawiesza przy płatności.",
                "Strona internetowa wylogowuje mnie przy każdym otwarciu koszyka.",
            ),
            "billing": (
                "Pobrano mi opłatę dwa razy i nadal czekam na zwrot.",
                "Faktura nie zgadza się z moim planem i nikt nie potrafi tego wyjaśnić.",
            ),
            "none": (
                "Zupełnie nie to, czego można się było spodziewać.",
                "Szczerze mówiąc, duże rozczarowanie.",
            ),
        },
        "passive": {
            "price": (
                "Jest w porządku, ale cena trochę wysoka w porównaniu z innymi.",
                "Gdyby abonament był tańszy, byłaby dziesiątka.",
            ),
            "support": (
                "Obsługa klienta była miła, ale na odpowiedź trzeba było poczekać.",
                "Konsultant w końcu pomógł, choć dopiero po kilku mailach.",
            ),
            "delivery": (
                "Dostawa zwykle na czas, czasem dzień lub dwa później.",
                "Wysyłka działa, ale przydałby się większy wybór godzin dostawy.",
                "Ostatnio dostawa trwa dłużej niż kiedyś, mam nadzieję, że to chwilowe.",
            ),
            "quality": (
                "Jakość produktów poprawna, nic szczególnego.",
                "Przeważnie dobra jakość, jedna rzecz nie do końca zgodna z opisem.",
            ),
            "app": (
                "Aplikacja działa, ale na moim telefonie jest dość wolna.",
                "Strona jest w porządku, tylko wyszukiwarka mogłaby być lepsza.",
            ),
            "billing": (
                "Rozliczenia są w miarę jasne, ale przydałyby się faktury w złotówkach.",
                "Mało metod płatności, poza tym bez zarzutu.",
            ),
            "none": (
                "Jest OK. Spełnia swoje zadanie.",
                "Ogólnie dobrze, ale jest co poprawiać.",
            ),
        },
        "promoter": {
            "price": (
                "Świetny stosunek jakości do ceny.",
                "Uczciwa cena i żadnych ukrytych opłat.",
            ),
            "support": (
                "Obsługa klienta rozwiązała mój problem w dziesięć minut. Bardzo mili ludzie.",
                "Czat z konsultantem to strzał w dziesiątkę, szybko i konkretnie.",
            ),
            "delivery": (
                "Dostawa zawsze na czas, często już następnego dnia.",
                "Szybka wysyłka i wszystko porządnie zapakowane.",
            ),
            "quality": (
                "Doskonała jakość, wszystkie zamówione rzeczy służą do dziś.",
                "Produkty solidnie wykonane i dokładnie takie jak w opisie.",
            ),
            "app": (
                "Aplikacja jest prosta i szybka, ponowne zamówienie to kilka sekund.",
                "Bardzo wygodna strona, wszystko da się znaleźć od razu.",
            ),
            "billing": (
                "Faktury są przejrzyste, a płatności bezproblemowe.",
                "Rozliczenia działają bez zarzutu, nigdy nie było żadnego problemu.",
            ),
            "none": (
                "Polecam z czystym sumieniem!",
                "Super, tak trzymać!",
            ),
        },
    },
    "th": {
        "detractor": {
            "price": (
                "ราคาขึ้นอีกแล้ว แต่คุณภาพเหมือนเดิม",
                "แพงเกินไปสำหรับสิ่งที่ได้ ร้านอื่นถูกกว่า",
            ),
            "support": (
                "ติดต่อฝ่ายบริการลูกค้าไปหลายวันแล้ว ยังไม่มีใครตอบเลย",
                "โทรไปคอลเซ็นเตอร์ โดนโอนสายไปมาสามรอบ ไม่มีใครช่วยได้",
            ),
            "delivery": (
                "จัดส่งช้ากว่ากำหนดเป็นอาทิตย์ และเช็คสถานะพัสดุไม่ได้",
                "ของมาถึงกล่องบุบ พนักงานส่งของวางทิ้งไว้หน้าบ้าน",
            ),
            "quality": (
                "ใช้ไปแค่สองอาทิตย์ก็เสียแล้ว",
                "คุณภาพสินค้าแย่ลงมาก สองชิ้นล่าสุดมีตำหนิ",
            ),
            "app": (
                "แอปเด้งออกทุกครั้งที่จะชำระเงิน",
                "เว็บไซต์ช้ามาก แล้วก็ล็อกเอาต์เองบ่อย",
            ),
            "billing": (
                "โดนตัดเงินซ้ำสองครั้ง ยังไม่ได้เงินคืนเลย",
                "ใบแจ้งหนี้ไม่ตรงกับแพ็กเกจที่สมัคร ถามไปก็ไม่มีใครอธิบายได้",
            ),
            "none": (
                "ไม่ประทับใจเลย",
                "ผิดหวังมาก ไม่คิดว่าจะเป็นแบบนี้",
            ),
        },
        "passive": {
            "price": (
                "โดยรวมโอเค แต่ราคาค่อนข้างสูงเมื่อเทียบกับที่อื่น",
                "ถ้าค่าสมาชิกถูกกว่านี้อีกหน่อยจะให้ 10 เลย",
            ),
            "support": (
                "พนักงานบริการลูกค้าสุภาพดี แต่ต้องรอนานกว่าจะได้คำตอบ",
                "สุดท้ายฝ่ายบริการก็แก้ปัญหาให้ได้ แต่ต้องส่งอีเมลหลายรอบ",
            ),
            "delivery": (
                "จัดส่งส่วนใหญ่ตรงเวลา มีช้าบ้างวันสองวัน",
                "การจัดส่งใช้ได้ แต่อยากให้เลือกช่วงเวลารับของได้มากกว่านี้",
            ),
            "quality": (
                "คุณภาพสินค้าพอใช้ได้ ไม่ได้โดดเด่นอะไร",
                "สินค้าส่วนใหญ่ดี มีชิ้นหนึ่งไม่ตรงปก",
            ),
            "app": (
                "แอปใช้งานได้ แต่ค่อนข้างช้าในมือถือ",
                "เว็บไซต์โอเค แต่ระบบค้นหายังไม่ค่อยดี",
            ),
            "billing": (
                "การเรียกเก็บเงินชัดเจนดี แต่ช่องทางชำระเงินยังน้อยไป",
                "อยากให้ขอใบกำกับภาษีได้ง่ายกว่านี้",
            ),
            "none": (
                "ก็โอเคนะ",
                "ใช้ได้ แต่ยังมีจุดที่ต้องปรับปรุง",
            ),
        },
        "promoter": {
            "price": (
                "คุ้มค่ากับราคามาก ถูกกว่าที่เคยใช้",
                "ราคาเหมาะสม ไม่มีค่าใช้จ่ายแอบแฝง",
            ),
            "support": (
                "ฝ่ายบริการลูกค้าช่วยแก้ปัญหาได้ในสิบนาที พนักงานน่ารักมาก",
                "แชทบริการลูกค้าดีมาก ตอบไวและช่วยได้จริง",
            ),
            "delivery": (
                "จัดส่งตรงเวลาทุกครั้ง บางทีได้ของวันรุ่งขึ้นเลย",
                "ส่งไวมาก แพ็กของมาอย่างดี",
            ),
            "quality": (
                "สินค้าคุณภาพดีมาก ใช้มานานยังไม่มีปัญหา",
                "ของตรงปก งานดี",
            ),
            "app": (
                "แอปใช้ง่ายและเร็ว สั่งซื้อซ้ำได้ในไม่กี่วินาที",
                "เว็บไซต์ใช้งานง่าย หาของเจอทันที",
            ),
            "billing": (
                "ใบแจ้งหนี้ชัดเจน จ่ายเงินสะดวก",
                "ระบบชำระเงินไม่เคยมีปัญหาเลย",
            ),
            "none": (
                "ประทับใจมาก แนะนำให้เพื่อนแล้ว",
                "ดีมาก ทำต่อไปนะ",
            ),
        },
    },
    "ar": {
        "detractor": {
            "price": (
                "الأسعار ارتفعت مرة أخرى والجودة كما هي.",
                "السعر مرتفع جداً مقارنة بما أحصل عليه، المتاجر الأخرى أرخص.",
            ),
            "support": (
                "خدمة العملاء استغرقت خمسة أيام للرد على سؤال بسيط.",
                "تم تحويلي بين ثلاثة موظفين في الدعم ولم يحل أحد المشكلة.",
            ),
            "delivery": (
                "تأخر التوصيل أسبوعاً كاملاً ولم يتم تحديث التتبع.",
                "وصلت الشحنة تالفة وتركها المندوب عند الباب.",
            ),
            "quality": (
                "المنتج تعطل بعد أسبوعين فقط من الاستخدام العادي.",
                "الجودة أصبحت أسوأ، آخر قطعتين كانتا معيبتين.",
            ),
            "app": (
                "التطبيق يتوقف كل مرة أحاول الدفع.",
                "الموقع يسجل خروجي كلما فتحت سلة المشتريات.",
            ),
            "billing": (
                "تم خصم المبلغ مرتين هذا الشهر وما زلت أنتظر الاسترداد.",
                "الفاتورة لا تطابق باقتي ولا أحد يستطيع التوضيح.",
            ),
            "none": (
                "تجربة مخيبة للآمال.",
                "لم تكن كما توقعت أبداً.",
            ),
        },
        "passive": {
            "price": (
                "جيد، لكن السعر مرتفع قليلاً مقارنة بغيركم.",
                "لو كان الاشتراك أرخص قليلاً لأعطيتكم 10.",
            ),
            "support": (
                "موظف خدمة العملاء كان مهذباً لكن الرد تأخر.",
                "الدعم حل المشكلة في النهاية بعد عدة رسائل.",
            ),
            "delivery": (
                "التوصيل غالباً في الموعد، وأحياناً يتأخر يوماً أو يومين.",
                "الشحن جيد لكن أتمنى خيارات أكثر لمواعيد التوصيل.",
            ),
            "quality": (
                "جودة المنتجات مقبولة، لا شيء مميز.",
                "الجودة جيدة في الغالب، قطعة واحدة لم تكن مطابقة للوصف.",
            ),
            "app": (
                "التطبيق يؤدي الغرض لكنه بطيء على هاتفي.",
                "الموقع جيد، لكن البحث يحتاج إلى تحسين.",
            ),
            "billing": (
                "الفواتير واضحة، لكن طرق الدفع محدودة.",
                "أتمنى أن تكون الفاتورة بالريال بدلاً من الدولار.",
            ),
            "none": (
                "لا بأس، يؤدي المطلوب.",
                "جيد بشكل عام، وهناك مجال للتحسين.",
            ),
        },
        "promoter": {
            "price": (
                "قيمة ممتازة مقابل السعر.",
                "السعر عادل وبدون رسوم مخفية.",
            ),
            "support": (
                "خدمة العملاء حلت مشكلتي في عشر دقائق، فريق رائع.",
                "الدعم عبر المحادثة ممتاز، سريع ومفيد.",
            ),
            "delivery": (
                "التوصيل دائماً في الموعد، وأحياناً في اليوم التالي.",
                "شحن سريع وكل شيء وصل مغلفاً بعناية.",
            ),
            "quality": (
                "جودة ممتازة، كل ما طلبته ما زال بحالة ممتازة.",
                "المنتجات متقنة ومطابقة تماماً للوصف.",
            ),
            "app": (
                "التطبيق سهل وسريع، إعادة الطلب تأخذ ثواني.",
                "الموقع سهل الاستخدام، وجدت كل شيء بسرعة.",
            ),
            "billing": (
                "الفواتير واضحة والدفع سهل.",
                "لم أواجه أي مشكلة في الفوترة أبداً.",
            ),
            "none": (
                "ممتاز، أنصح به الجميع.",
                "شكراً لكم، استمروا على هذا المستوى!",
            ),
        },
    },
    "zh": {
        "detractor": {
            "price": (
                "价格又涨了，质量却没有任何提升。",
                "价格太贵了，别家便宜很多。",
            ),
            "support": (
                "客服五天才回复一个简单的问题。",
                "打客服电话被转了三次，没有人能解决问题。",
            ),
            "delivery": (
                "配送晚了一个星期，物流信息一直不更新。",
                "包裹送到时已经破损，快递员直接放在门口就走了。",
            ),
            "quality": (
                "产品正常使用两周就坏了。",
                "质量越来越差，最近两件都有问题。",
            ),
            "app": (
                "应用每次付款都会闪退。",
                "网站一打开购物车就把我退出登录。",
            ),
            "billing": (
                "这个月被重复扣款，退款到现在还没到账。",
                "账单和我的套餐对不上，也没人能解释清楚。",
            ),
            "none": (
                "非常失望。",
                "完全不是我期待的样子。",
            ),
        },
        "passive": {
            "price": (
                "还不错，就是价格比别家稍微贵一点。",
                "如果会员费再便宜一些，我会给10分。",
            ),
            "support": (
                "客服态度挺好，就是回复有点慢。",
                "客服最后帮我解决了，不过来回发了好几封邮件。",
            ),
            "delivery": (
                "配送一般都准时，偶尔会晚一两天。",
                "配送还行，希望能多几个送货时间段可以选。",
            ),
            "quality": (
                "产品质量一般，没什么特别的。",
                "大部分质量不错，有一件和描述不太一样。",
            ),
            "app": (
                "应用能用，但在我手机上有点卡。",
                "网站还可以，搜索功能有待改进。",
            ),
            "billing": (
                "账单还算清楚，但付款方式太少了。",
                "希望开发票能更方便一些。",
            ),
            "none": (
                "还行吧，能用。",
                "总体不错，还有提升空间。",
            ),
        },
        "promoter": {
            "price": (
                "性价比很高，比我以前用的便宜。",
                "价格合理，没有隐藏费用。",
            ),
            "support": (
                "客服十分钟就帮我解决了问题，非常热情。",
                "在线客服太好了，回复快又专业。",
            ),
            "delivery": (
                "配送每次都准时，经常第二天就到了。",
                "发货很快，包装也很仔细。",
            ),
            "quality": (
                "质量非常好，买的东西用了很久都没问题。",
                "做工精细，和描述完全一致。",
            ),
            "app": (
                "应用简单好用，再次下单几秒钟就搞定。",
                "网站很好用，想要的东西马上就能找到。",
            ),
            "billing": (
                "账单清晰，付款也很方便。",
                "扣费从来没出过问题。",
            ),
            "none": (
                "非常满意，已经推荐给同事了。",
                "很棒，继续保持！",
            ),
        },
    },
}

_OPENERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("Very disappointed.", "Not good this time.", "Third time I'm writing this.", "Honestly?"),
        ("Overall okay.", "Mixed feelings.", "Not bad."),
        ("Great service!", "Very happy.", "Thank you!", "Five stars."),
    ),
    "pl": (
        ("Bardzo słabo.", "Nie tak miało być.", "Piszę już kolejny raz."),
        ("Ogólnie nieźle.", "Mieszane uczucia.", "Może być."),
        ("Rewelacja!", "Super sprawa.", "Dziękuję!"),
    ),
    "th": (
        ("แย่มาก", "ไม่โอเคเลย", "แจ้งไปหลายครั้งแล้ว"),
        ("โดยรวมก็ดี", "ก็พอใช้ได้"),
        ("ประทับใจมาก!", "บริการดีมาก", "ขอบคุณมาก"),
    ),
    "ar": (
        ("أمر مزعج جداً.", "للأسف التجربة سيئة.", "هذه ليست المرة الأولى."),
        ("بشكل عام جيد.", "مقبول."),
        ("خدمة رائعة!", "تجربة رائعة.", "شكراً جزيلاً!"),
    ),
    "zh": (
        ("太失望了。", "体验很差。", "已经反馈过好几次了。"),
        ("总体还行。", "一般般。"),
        ("非常满意！", "服务很好！", "谢谢！"),
    ),
}

_CLOSERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("Please fix this.", "Thinking about cancelling.", "Expected better."),
        ("Keep improving.", "Hope it gets better."),
        ("Keep it up!", "Will recommend to friends.", "Thanks team!"),
    ),
    "pl": (
        ("Proszę to naprawić.", "Zastanawiam się nad rezygnacją.", "Szkoda, bo kiedyś było lepiej."),
        ("Liczę na poprawę.", "Mogłoby być lepiej."),
        ("Tak trzymać!", "Polecę znajomym.", "Dzięki!"),
    ),
    "th": (
        ("ช่วยแก้ไขด้วย", "กำลังคิดจะยกเลิกสมาชิก", "คาดหวังมากกว่านี้"),
        ("หวังว่าจะดีขึ้น", "ปรับปรุงอีกนิดจะดีมาก"),
        ("จะกลับมาใช้อีกแน่นอน", "ขอบคุณทีมงาน", "สุดยอด!"),
    ),
    "ar": (
        ("أرجو حل المشكلة.", "أفكر في إلغاء الاشتراك.", "توقعت أفضل من ذلك."),
        ("أتمنى التحسن.", "استمروا في التطوير."),
        ("أنصح الجميع بكم.", "بالتوفيق!", "شكراً للفريق."),
    ),
    "zh": (
        ("请尽快解决。", "在考虑取消订阅了。", "希望能改进。"),
        ("希望越来越好。", "期待改进。"),
        ("会推荐给朋友的。", "继续加油！", "感谢团队！"),
    ),
}

_SENTENCE_SEPARATOR = {"en": " ", "pl": " ", "th": " ", "ar": " ", "zh": ""}

_PASTED: tuple[tuple[str, int | None], ...] = (
    ("<script>alert(1)</script> not happy", 0),
    ("**bold** [link](http://x)", None),
    ("=SUM(1+1)", None),
    ("+48 600 100 200 please call me back about the delivery", 0),
    ("@support the courier never came", 0),
    ('Two things, quickly:\n1) "express" delivery took 4 days\n2) the app is great though 👍', 1),
    ("👍👍👍", 2),
    ("رقم الطلب #A-10293 لم يصل بعد", 0),
)

Names = tuple[tuple[str, str], ...]
_PhraseTable = tuple[list[str], np.ndarray, np.ndarray]


def _latin(*names: str) -> Names:
    """Names already in Latin script: the display form is also the e-mail form."""
    return tuple((name, name) for name in names)


_FIRST_NAMES: dict[str, tuple[Names, Names]] = {
    "en": (
        _latin(
            "James",
            "Michael",
            "David",
            "Daniel",
            "Chris",
            "Ryan",
            "Tom",
            "Liam",
            "Noah",
            "Ethan",
            "Oliver",
            "Jack",
            "Harry",
            "Sean",
            "Connor",
        ),
        _latin(
            "Emily",
            "Sarah",
            "Jessica",
            "Olivia",
            "Emma",
            "Sophie",
            "Grace",
            "Hannah",
            "Chloe",
            "Megan",
            "Aoife",
            "Niamh",
            "Lauren",
            "Rachel",
        ),
    ),
    "de": (
        _latin("Lukas", "Jonas", "Felix", "Maximilian", "Leon", "Paul", "Tobias", "Stefan", "Markus", "Florian"),
        _latin("Anna", "Lena", "Laura", "Julia", "Katharina", "Sophie", "Marie", "Lea", "Sabine", "Johanna"),
    ),
    "pl": (
        _latin(
            "Jan", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Jakub", "Mateusz", "Wojciech"
        ),
        _latin(
            "Anna",
            "Katarzyna",
            "Małgorzata",
            "Agnieszka",
            "Magdalena",
            "Joanna",
            "Zofia",
            "Aleksandra",
            "Monika",
            "Ewa",
        ),
    ),
    "ar": (
        (
            ("محمد", "Mohammed"),
            ("أحمد", "Ahmed"),
            ("عبدالله", "Abdullah"),
            ("خالد", "Khaled"),
            ("عمر", "Omar"),
            ("يوسف", "Youssef"),
            ("فيصل", "Faisal"),
            ("سلطان", "Sultan"),
            ("حمد", "Hamad"),
            ("سعيد", "Saeed"),
            ("طارق", "Tariq"),
            ("ماجد", "Majed"),
        ),
        (
            ("فاطمة", "Fatima"),
            ("نورة", "Noura"),
            ("مريم", "Maryam"),
            ("سارة", "Sara"),
            ("عائشة", "Aisha"),
            ("ريم", "Reem"),
            ("هند", "Hind"),
            ("لطيفة", "Latifa"),
            ("دانة", "Dana"),
            ("ليلى", "Layla"),
            ("منى", "Mona"),
        ),
    ),
    "th": (
        (
            ("สมชาย", "Somchai"),
            ("สมศักดิ์", "Somsak"),
            ("ธนากร", "Thanakorn"),
            ("ณัฐวุฒิ", "Nattawut"),
            ("กิตติพัฒน์", "Kittiphat"),
            ("ประเสริฐ", "Prasert"),
            ("วีระ", "Weera"),
            ("อนุชา", "Anucha"),
            ("ชัยวัฒน์", "Chaiwat"),
            ("ภานุวัฒน์", "Panuwat"),
        ),
        (
            ("สุดา", "Suda"),
            ("พิมพ์ชนก", "Pimchanok"),
            ("กนกวรรณ", "Kanokwan"),
            ("ศิริพร", "Siriporn"),
            ("นภัสสร", "Napatsorn"),
            ("อรุณี", "Arunee"),
            ("วรรณา", "Wanna"),
            ("ปิยะนุช", "Piyanuch"),
            ("ธิดารัตน์", "Thidarat"),
            ("มาลี", "Malee"),
        ),
    ),
    "zh": (
        (
            ("伟", "Wei"),
            ("强", "Qiang"),
            ("磊", "Lei"),
            ("军", "Jun"),
            ("浩然", "Haoran"),
            ("子轩", "Zixuan"),
            ("建华", "Jianhua"),
            ("志明", "Zhiming"),
            ("俊杰", "Junjie"),
            ("宇航", "Yuhang"),
        ),
        (
            ("芳", "Fang"),
            ("娜", "Na"),
            ("静", "Jing"),
            ("丽", "Li"),
            ("敏", "Min"),
            ("婷婷", "Tingting"),
            ("雨萱", "Yuxuan"),
            ("欣怡", "Xinyi"),
            ("梓涵", "Zihan"),
            ("佳怡", "Jiayi"),
        ),
    ),
}

_LAST_NAMES_BY_GENDER: dict[str, tuple[Names, Names | None]] = {
    # Polish surnames take a feminine form; elsewhere None means "the same for everyone".
    "en": (
        _latin(
            "Smith",
            "Johnson",
            "Williams",
            "Brown",
            "Jones",
            "Miller",
            "Davis",
            "Wilson",
            "Taylor",
            "Clarke",
            "Walker",
            "Murphy",
            "O'Brien",
            "Kelly",
            "Thompson",
            "Robinson",
            "Evans",
            "Roberts",
            "Martin",
            "Garcia",
            "Nguyen",
            "Patel",
        ),
        None,
    ),
    "de": (
        _latin(
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Hoffmann",
            "Schäfer",
            "Huber",
            "Gruber",
            "Keller",
            "Brunner",
            "Graf",
        ),
        None,
    ),
    "pl": (
        _latin(
            "Nowak",
            "Kowalski",
            "Wiśniewski",
            "Wójcik",
            "Kowalczyk",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Woźniak",
            "Dąbrowski",
            "Kozłowski",
            "Jankowski",
            "Mazur",
            "Krawczyk",
            "Grabowski",
            "Pawlak",
            "Michalski",
            "Król",
            "Wieczorek",
        ),
        _latin(
            "Nowak",
            "Kowalska",
            "Wiśniewska",
            "Wójcik",
            "Kowalczyk",
            "Kamińska",
            "Lewandowska",
            "Zielińska",
            "Szymańska",
            "Woźniak",
            "Dąbrowska",
            "Kozłowska",
            "Jankowska",
            "Mazur",
            "Krawczyk",
            "Grabowska",
            "Pawlak",
            "Michalska",
            "Król",
            "Wieczorek",
        ),
    ),
    "ar": (
        (
            ("الهاشمي", "Al-Hashimi"),
            ("العتيبي", "Al-Otaibi"),
            ("القحطاني", "Al-Qahtani"),
            ("الشمري", "Al-Shammari"),
            ("المنصوري", "Al-Mansoori"),
            ("الكعبي", "Al-Kaabi"),
            ("النعيمي", "Al-Nuaimi"),
            ("الدوسري", "Al-Dosari"),
            ("الزهراني", "Al-Zahrani"),
            ("الحربي", "Al-Harbi"),
            ("حداد", "Haddad"),
            ("خوري", "Khoury"),
            ("المطيري", "Al-Mutairi"),
            ("السويدي", "Al-Suwaidi"),
        ),
        None,
    ),
    "th": (
        (
            ("ใจดี", "Jaidee"),
            ("ศรีสุข", "Srisuk"),
            ("วงศ์สวัสดิ์", "Wongsawat"),
            ("แก้วมณี", "Kaewmanee"),
            ("บุญมา", "Boonma"),
            ("สุขประเสริฐ", "Sukprasert"),
            ("ทองดี", "Thongdee"),
            ("รัตนพันธ์", "Rattanaphan"),
            ("จันทร์เพ็ญ", "Chanpen"),
            ("พงษ์พานิช", "Pongpanich"),
            ("ศรีวงศ์", "Sriwong"),
            ("มั่นคง", "Mankong"),
        ),
        None,
    ),
    "zh": (
        (
            ("王", "Wang"),
            ("李", "Li"),
            ("张", "Zhang"),
            ("刘", "Liu"),
            ("陈", "Chen"),
            ("杨", "Yang"),
            ("黄", "Huang"),
            ("赵", "Zhao"),
            ("吴", "Wu"),
            ("周", "Zhou"),
            ("徐", "Xu"),
            ("孙", "Sun"),
            ("林", "Lin"),
            ("郭", "Guo"),
        ),
        None,
    ),
}

_LAST_NAMES: dict[str, tuple[Names, Names]] = {
    key: (male, male if female is None else female) for key, (male, female) in _LAST_NAMES_BY_GENDER.items()
}

_NATIVE_SCRIPT_SHARE = {"en": 1.0, "de": 1.0, "pl": 1.0, "ar": 0.65, "th": 0.65, "zh": 0.65}
_FAMILY_NAME_FIRST = {"zh"}
_ASCII_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue", "'": ""})


def _email_slug(latin: str) -> str:
    folded = unicodedata.normalize("NFKD", latin.translate(_ASCII_FOLD))
    return "".join(c for c in folded if c.isascii()).lower()


def _objects(values: Sequence[str]) -> np.ndarray:
    """An object array of Python strings, so that `+` concatenates element-wise."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _take(table: Sequence[str] | np.ndarray | pd.Series, index: np.ndarray) -> pd.Series:
    """`table[index]` as an Arrow-backed text column: no Python string object per row, so 1M rows stay fast."""
    values = pd.array(np.asarray(table, dtype=object), dtype="str")
    return pd.Series(values).take(index).reset_index(drop=True)


def _draw(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One categorical draw per row of `weights` (rows need not sum to 1)."""
    cumulative = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cumulative[:, -1]
    return np.minimum((cumulative <= u[:, None]).sum(axis=1), weights.shape[1] - 1)


def _numbered(prefix: str, count: int) -> pd.Series:
    """`R-000001`-style identifiers, zero-padded to at least six digits."""
    digits = pd.Series(np.arange(1, count + 1)).astype("str").str.zfill(max(6, len(str(count))))
    return prefix + digits


def _build_names(rng: np.random.Generator, culture: np.ndarray, female: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Display names in the customer's script (sometimes romanised) and the Latin slug for their e-mail."""
    names = np.empty(len(culture), dtype=object)
    slugs = np.empty(len(culture), dtype=object)
    native = rng.random(len(culture))
    first_pick = rng.random(len(culture))
    last_pick = rng.random(len(culture))
    for code, key in enumerate(_NAME_CULTURES):
        for gender in (0, 1):
            rows = np.flatnonzero((culture == code) & (female == bool(gender)))
            if rows.size == 0:
                continue
            firsts, lasts = _FIRST_NAMES[key][gender], _LAST_NAMES[key][gender]
            fi = (first_pick[rows] * len(firsts)).astype(np.int64)
            li = (last_pick[rows] * len(lasts)).astype(np.int64)
            first_native, first_latin = (_objects([f[i] for f in firsts]) for i in (0, 1))
            last_native, last_latin = (_objects([f[i] for f in lasts]) for i in (0, 1))
            latin = first_latin[fi] + " " + last_latin[li]
            if key in _FAMILY_NAME_FIRST:
                in_script = last_native[li] + first_native[fi]
            else:
                in_script = first_native[fi] + " " + last_native[li]
            names[rows] = np.where(native[rows] < _NATIVE_SCRIPT_SHARE[key], in_script, latin)
            first_slug = _objects([_email_slug(f[1]) for f in firsts])
            last_slug = _objects([_email_slug(f[1]) for f in lasts])
            slugs[rows] = first_slug[fi] + "." + last_slug[li]
    return names, slugs


def _poland_shock(day: np.ndarray) -> np.ndarray:
    """0 before June, 1 through the summer delivery crisis, partly recovered in the autumn."""
    return np.interp(day, _POLAND_KNOTS_DAYS, _POLAND_KNOTS_LEVEL)


def _post_support_trend(day: np.ndarray) -> np.ndarray:
    """Flat until the spring support change, then a steady climb of 45 points over eight months."""
    return 45.0 * np.clip((day - _SUPPORT_CHANGE_DAY) / 240.0, 0.0, 1.0)


def _flatten(groups: dict[tuple[int, ...], Sequence[str]], shape: tuple[int, ...]) -> _PhraseTable:
    """Phrases in one list (index 0 is the empty phrase) with the offset and count of each group."""
    texts = [""]
    offsets = np.zeros(shape, dtype=np.int64)
    counts = np.zeros(shape, dtype=np.int64)
    for key, options in groups.items():
        offsets[key] = len(texts)
        counts[key] = len(options)
        texts.extend(options)
    return texts, offsets, counts


def _pick(rng: np.random.Generator, offsets: np.ndarray, counts: np.ndarray) -> np.ndarray:
    return offsets + (rng.random(len(offsets)) * counts).astype(np.int64)


def _theme_weights(
    category: np.ndarray,
    survey: np.ndarray,
    channel: np.ndarray,
    plan: np.ndarray,
    poland_shock: np.ndarray,
) -> np.ndarray:
    """Which CX theme a comment is about, shaped by the segment so that the story shows in the words."""
    t = {name: i for i, name in enumerate(THEMES)}
    weights = np.asarray(_THEME_BASE)[category].copy()
    unhappy = category < 2
    weights[survey == SURVEYS.index("Post-support"), t["support"]] *= 5.0
    mobile = np.isin(channel, [CHANNELS.index("iOS"), CHANNELS.index("Android")])
    weights[mobile & unhappy, t["app"]] *= 3.0
    weights[plan == PLANS.index("Free"), t["price"]] *= 1.8
    enterprise = plan == PLANS.index("Enterprise")
    weights[enterprise, t["billing"]] *= 1.5
    weights[enterprise, t["price"]] *= 0.6
    onboarding = survey == SURVEYS.index("Onboarding")
    weights[onboarding, t["app"]] *= 1.6
    weights[onboarding, t["quality"]] *= 1.3
    weights[:, t["delivery"]] *= np.where(unhappy, 1.0 + 14.0 * poland_shock, 1.0)
    return weights


def _pasted_rows(
    rng: np.random.Generator, category: np.ndarray, has_comment: np.ndarray
) -> list[tuple[int, np.ndarray]]:
    """Rare rows whose comment is something pasted (markup, a formula, a phone number), per kind."""
    per_kind = max(1, round(int(has_comment.sum()) * _PASTED_RATE / len(_PASTED)))
    taken = np.zeros(len(category), dtype=bool)
    chosen: list[tuple[int, np.ndarray]] = []
    for kind, (_, wanted) in enumerate(_PASTED):
        fits = has_comment & ~taken
        if wanted is not None:
            fits &= category == wanted
        candidates = np.flatnonzero(fits)
        if candidates.size == 0:
            continue
        rows = rng.choice(candidates, size=min(per_kind, candidates.size), replace=False)
        taken[rows] = True
        chosen.append((kind, rows))
    return chosen


def _comments(
    rng: np.random.Generator,
    language: np.ndarray,
    category: np.ndarray,
    theme: np.ndarray,
    has_comment: np.ndarray,
) -> pd.Series:
    """Opener + theme sentence + closer in the customer's language, joined the way that language writes."""
    shape = (len(LANGUAGES), len(CATEGORIES))
    sentences, s_off, s_cnt = _flatten(
        {
            (li, ci, ti): _VERBATIMS[lang][cat][theme_name]
            for li, lang in enumerate(LANGUAGES)
            for ci, cat in enumerate(CATEGORIES)
            for ti, theme_name in enumerate(THEMES)
        },
        (*shape, len(THEMES)),
    )
    pasted_at = len(sentences)
    sentences.extend(text for text, _ in _PASTED)
    sep = _SENTENCE_SEPARATOR
    openers, o_off, o_cnt = _flatten(
        {(li, ci): [o + sep[lang] for o in _OPENERS[lang][ci]] for li, lang in enumerate(LANGUAGES) for ci in range(3)},
        shape,
    )
    closers, c_off, c_cnt = _flatten(
        {(li, ci): [sep[lang] + c for c in _CLOSERS[lang][ci]] for li, lang in enumerate(LANGUAGES) for ci in range(3)},
        shape,
    )
    rows = np.flatnonzero(has_comment)
    lang, cat = language[rows], category[rows]
    body = np.zeros(len(language), dtype=np.int64)
    opener = np.zeros_like(body)
    closer = np.zeros_like(body)
    body[rows] = _pick(rng, s_off[lang, cat, theme[rows]], s_cnt[lang, cat, theme[rows]])
    with_opener = rng.random(rows.size) < _OPENER_RATE
    opener[rows] = np.where(with_opener, _pick(rng, o_off[lang, cat], o_cnt[lang, cat]), 0)
    with_closer = rng.random(rows.size) < _CLOSER_RATE
    closer[rows] = np.where(with_closer, _pick(rng, c_off[lang, cat], c_cnt[lang, cat]), 0)
    for kind, pasted in _pasted_rows(rng, category, has_comment):
        body[pasted] = pasted_at + kind
        opener[pasted] = 0
        closer[pasted] = 0
    return _take(openers, opener) + _take(sentences, body) + _take(closers, closer)


def _iso_timestamps(start: date, days: int, seconds: np.ndarray) -> pd.Series:
    """`2026-03-04T13:22:11Z` strings, assembled from a table of dates and a table of clock times."""
    dates = np.datetime_as_string(np.datetime64(start, "D") + np.arange(days), unit="D")
    clock = np.datetime_as_string(np.datetime64("2000-01-01T00:00:00") + np.arange(86400), unit="s")
    day_part = _take(np.strings.add(dates, "T"), seconds // 86400)
    return day_part + _take(np.strings.add(np.strings.slice(clock, 11, None), "Z"), seconds % 86400)


def _daily_volume(start: date, days: int) -> np.ndarray:
    """Weekday-heavy weekly rhythm with a dip over the Christmas holidays."""
    offsets = np.arange(days)
    weekday = (start.weekday() + offsets) % 7
    volume = np.asarray(_WEEKDAY_VOLUME)[weekday]
    dates = np.datetime64(start, "D") + offsets
    month = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day_of_month = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    holiday = ((month == 12) & (day_of_month >= 24)) | ((month == 1) & (day_of_month == 1))
    volume[holiday] *= 0.6
    return volume / volume.sum()


def generate_responses(
    rows: int,
    *,
    seed: int = 7,
    start: date = DEMO_START,
    days: int = 365,
    comment_rate: float = 0.6,
) -> pd.DataFrame:
    """A realistic export of `rows` NPS responses over `days` days from `start`, sorted by time.

    The same arguments always give the same frame. Event days are offsets from `start`, so the story
    (the support change on day 105, Poland's delivery crisis from day 182) moves with it.
    """
    if rows < 1:
        raise ValueError("rows must be at least 1")
    rng = np.random.default_rng(seed)
    n_customers = max(1, rows // 3)

    c_region = rng.choice(len(REGIONS), size=n_customers, p=_REGION_SHARE)
    countries = [code for options in _REGION_COUNTRIES for code, _ in options]
    c_country = np.zeros(n_customers, dtype=np.int64)
    for r, options in enumerate(_REGION_COUNTRIES):
        members = np.flatnonzero(c_region == r)
        first = countries.index(options[0][0])
        shares = [share for _, share in options]
        c_country[members] = first + rng.choice(len(options), size=members.size, p=shares)
    c_plan = rng.choice(len(PLANS), size=n_customers, p=_PLAN_SHARE)
    c_female = rng.random(n_customers) < 0.5
    c_culture = np.asarray([_NAME_CULTURES.index(key) for key in _REGION_NAMES])[c_region]
    home_language = np.asarray([LANGUAGES.index(code) for code in _REGION_LANGUAGE])[c_region]
    c_language = np.where(rng.random(n_customers) < _ENGLISH_ELSEWHERE, 0, home_language)
    c_mood = rng.normal(0.0, _CUSTOMER_SPREAD, n_customers)
    c_activity = rng.gamma(2.0, 1.0, n_customers)
    names, slugs = _build_names(rng, c_culture, c_female)
    c_number = np.arange(1, n_customers + 1)
    c_email = (
        pd.Series(slugs, dtype="str")
        + "."
        + pd.Series(c_number).astype("str")
        + np.where(c_number % 3 == 0, "@example.org", "@example.com")
    )

    extra = rng.choice(n_customers, size=max(0, rows - n_customers), p=c_activity / c_activity.sum())
    customer = np.concatenate([np.arange(min(rows, n_customers)), extra])
    region = c_region[customer]

    day = rng.choice(days, size=rows, p=_daily_volume(start, days))
    evening = rng.random(rows) < 0.3
    local_hour = np.where(evening, rng.normal(20.0, 1.5, rows), rng.normal(13.0, 3.0, rows))
    utc_hour = np.clip(local_hour, 6.0, 23.99) - np.asarray(_REGION_UTC_OFFSET_HOURS)[region]
    seconds = day * 86400 + (utc_hour * 3600).astype(np.int64)
    seconds = np.where(seconds < 0, seconds + 86400, seconds)
    seconds = np.where(seconds >= days * 86400, seconds - 86400, seconds)
    order = np.argsort(seconds, kind="stable")
    customer, region, seconds = customer[order], region[order], seconds[order]
    day = (seconds // 86400).astype(float)

    survey = rng.choice(len(SURVEYS), size=rows, p=_SURVEY_SHARE)
    channel = _draw(rng, np.asarray(_CHANNEL_SHARE_BY_SURVEY)[survey])
    plan = c_plan[customer]
    poland_shock = np.where(region == REGIONS.index("Poland"), _poland_shock(day), 0.0)

    target = (
        np.asarray(_SURVEY_BASELINE)[survey]
        + np.where(survey == SURVEYS.index("Post-support"), _post_support_trend(day), 0.0)
        + np.asarray(_PLAN_EFFECT)[plan]
        + np.asarray(_CHANNEL_EFFECT)[channel]
        + np.asarray(_REGION_EFFECT)[region]
        - _POLAND_SHOCK * poland_shock
        + c_mood[customer]
    ) / 100.0
    limit = 1.0 - _PASSIVE_SHARE - 0.02
    target = np.clip(target, -limit, limit)
    promoter = (1.0 - _PASSIVE_SHARE + target) / 2.0
    detractor = (1.0 - _PASSIVE_SHARE - target) / 2.0
    category = _draw(rng, np.column_stack([detractor, np.full(rows, _PASSIVE_SHARE), promoter]))
    score = _draw(rng, np.asarray(_SCORE_WEIGHTS, dtype=float)[category])

    comment_probability = np.clip(comment_rate * np.asarray(_COMMENT_PROPENSITY)[category], 0.0, 1.0)
    has_comment = rng.random(rows) < comment_probability
    theme = _draw(rng, _theme_weights(category, survey, channel, plan, poland_shock))

    return pd.DataFrame(
        {
            "survey": _take(SURVEYS, survey),
            "response_id": _numbered("R-", rows),
            "customer_id": _numbered("C-", n_customers).take(customer).reset_index(drop=True),
            "email": c_email.take(customer).reset_index(drop=True),
            "name": _take(names, customer),
            "submitted_at": _iso_timestamps(start, days, seconds),
            "score": score.astype(np.int64),
            "comment": _comments(rng, c_language[customer], category, theme, has_comment),
            "region": _take(REGIONS, region),
            "plan": _take(PLANS, plan),
            "channel": _take(CHANNELS, channel),
            "country": _take(countries, c_country[customer]),
        },
        columns=list(COLUMNS),
    )


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def write_demo_files(out_dir: Path, rows: int = 6000, seed: int = 7) -> list[Path]:
    """One CSV per survey, without the `survey` column: the survey is named when the file is imported."""
    frame = generate_responses(rows, seed=seed)
    return [
        _write_csv(frame[frame["survey"] == survey].drop(columns="survey"), Path(out_dir) / file_name)
        for survey, file_name in SURVEY_FILES.items()
    ]


def generate_bench_export(path: Path, rows: int = 1_000_000, seed: int = 11) -> Path:
    """One large generic export (all surveys, `survey` kept as a column) over two years, ~40% comments."""
    frame = generate_responses(rows, seed=seed, start=BENCH_START, days=730, comment_rate=0.4)
    return _write_csv(frame, Path(path))


def demo_quarter(submitted_at: pd.Series, start: date = DEMO_START) -> pd.Series:
    """Quarter of the demo year (1 = the first three months from `start`), from the UTC timestamps."""
    when = pd.to_datetime(submitted_at, utc=True)
    months = (when.dt.year - start.year) * 12 + (when.dt.month - start.month)
    return months // 3 + 1
