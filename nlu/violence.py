"""The violence lexicon: who is hurt, how, and by whom, as regex alternatives over normalised
text (``nlu.normalize``). The fallback's ``report_violence`` rules are built from it, and so are
Rasa's keyword features (``make_keywords``) and the screen (``nlu.screen``).

People rarely write "kekerasan": a neighbour writes "anak tetangga dicubitin ibunya sampai
biru", a teacher "murid sy nggak dikasih makan di rumah". A harm word counts when a child or a
woman (or someone who hurts them) is named a few words before it, or just after an active verb
("mukulin anaknya"). Child marriage and trafficking have phrases of their own.
"""

from __future__ import annotations

# Things people own: "tanah ibu saya dijual" sells land, not a woman.
OWNED = (
    "tanah", "rumah", "sawah", "kebun", "ladang", "motor", "mobil", "hp", "barang", "emas",
    "warisan", "toko", "warung", "kios", "kambing", "sapi", "ayam", "buku", "baju", "sepeda",
)
# A child or a woman, and the minors' markers ("umur 14", "masih smp", "di bawah umur").
MINORS = (
    r"([1-9]|1[0-7]) ?(th|thn|tahun|taun|thun|yo|years? old)",
    r"(umur|usia|umurnya|usianya|usia nya)( baru| masih)? ([1-9]|1[0-7])( th| thn| tahun)?",
    r"(baru|masih) (kelas \d+|sd|smp|mts|sma|smk|sekolah|kecil|bocah|remaja|di bawah umur)",
    r"(di ?bawah|dibawah) umur", r"(kelas|kls) ([1-9]|1[0-2])",
    r"(baru )?lulus (sd|smp|mts)", r"anak (kecil|sd|smp|mts|sma|smk|tk|paud|sekolah|gadis)",
    r"bocah\w*", r"bocil\w*", r"balita\w*", r"bayi\w*", r"siswi\w*", r"remaja\w*",
    r"gadis (kecil|cilik|belia|remaja)", r"under ?age", r"minors?", r"only ([1-9]|1[0-7])",
    r"(umur|usia) belasan", r"belasan (th|thn|tahun)",
)
# Old enough to be pregnant, too young to be: a pregnancy beside one of these is a report.
TEENS = (
    r"(umur|usia|umurnya|usianya)( baru| masih)? 1[0-7]( th| thn| tahun)?",
    r"1[0-7] (th|thn|tahun)",
    r"(kelas|kls) [7-9]", r"(anak|masih|baru) (smp|mts|sma|smk)", r"siswi\w*", r"(di ?bawah) umur",
    r"1[0-7] ?(year|yr)s? old",
)
VICTIMS = (
    *MINORS,
    r"anak\w*(?! (ayam|kucing|sapi|kambing|anjing|bebek|ikan|burung|tangga|sungai|buah|kunci|"
    r"panah|perusahaan|cabang|usaha|kos|kost|muda|buahnya)\b)",
    r"murid\w*", r"santri\w*", r"siswa\w*", r"pelajar\w*", r"(ke)?ponakan\w*", r"cucu\w*",
    r"adi?k\w*", r"adek\w*", r"adhi\w*", r"sepupu\w*", r"tante\w*", r"bibi\w*", r"bude\w*",
    r"budhe\w*", r"teteh\w*", r"kakak (perempuan|cewek|ipar)\w*", r"dedek\w*", r"istri\w*",
    r"bini\w*",
    r"ibu\w*(?! (kota|jari)\b)", r"emak\w*", r"bu", r"bojo\w*", r"mama\w*", r"perempuan\w*",
    r"wanita\w*", r"cewe\w*", r"gadis\w*", r"pembantu rumah tangga", r"pembantu\w*", r"art",
    r"prt", r"(asisten|pekerja) rumah tangga", r"tkw", r"putri\w*",
    r"putra\w*", r"nenek\w*", r"mbak\w*", r"nduk", r"genduk", r"thole", r"tole", r"wedok\w*",
    r"wadon\w*", r"budak", r"murangkalih", r"incu\w*", r"pamajikan\w*", r"awewe", r"sanak\w*",
    r"muli", r"bebai\w*", r"kemanakan\w*", r"korban\w*",
    r"child\w*", r"kids?", r"girls?", r"daughters?", r"sons?", r"niece", r"nephew", r"wife",
    r"wom[ae]n", r"students?", r"maid",
)
# Who hurts them: a harm word beside one of these implies a victim ("dicubit suami").
PERPETRATORS = (
    r"suami\w*", r"bojo\w*", r"pacar\w*", r"mantan\w*", r"(bapak|bapa|ayah|papa|bapake) tiri\w*",
    r"majikan\w*", r"guru\w*", r"ustadz?\w*", r"ustaz\w*", r"kyai", r"kiai", r"pengasuh\w*",
    r"mertua\w*", r"paman\w*", r"om\w*", r"pakde\w*", r"pakle\w*", r"kakak kelas", r"senior\w*",
    r"pelatih\w*", r"husband", r"boyfriend", r"stepfather", r"boss",
)
# "pukul 10", "pukul rata", "pukul mundur": time, sums and retreat, no blow.
BARE_PUKUL_GUARD = (
    r"(?! ?\d)(?! (rata|mundur|setengah|sepuluh|satu|dua|tiga|empat|lima|enam|tujuh|delapan|"
    r"sembilan|sebelas|berapa|brp|wib|wit|wita|kentongan|kentong|gong|bedug|beduk|drum|gendang|rebana|"
    r"paku|bola)\b)"
)
# Harm done to someone, written passively ("dipukuli", "dicubitin", "nggak dikasih makan").
HARMS = (
    r"(di|ter)?pukul(i|in)?" + BARE_PUKUL_GUARD, r"dihajar\w*", r"\w*tampar\w*", r"\w*gampar\w*",
    r"ditendang\w*", r"dicekik\w*", r"disiksa\w*", r"(di)?aniaya\w*", r"dicubit\w*",
    r"dijewer\w*", r"dijiwit\w*", r"diciwel\w*", r"dikurung\w*",
    r"dikunci\w* (di|dalam|dlm|dari luar)",
    r"disekap\w*", r"dirantai\w*", r"dipasung\w*", r"diikat\w*", r"diiket\w*",
    r"direndam\w*", r"disundut\w*", r"disetrika\w*",
    r"disiram (\w+ )?air panas", r"dilempar\w*", r"dijambak\w*", r"dibanting\w*",
    r"ditonjok\w*", r"ditinju\w*", r"dijotos\w*", r"diantemi", r"dikeplak\w*", r"digeplak\w*",
    r"ditapuk\w*", r"disabet\w*", r"dicambuk\w*", r"dipecut\w*", r"dirotan", r"dipent?hung\w*",
    r"diinjak\w*", r"ditempeleng\w*", r"dijitak\w*", r"digebu[kg]\w*", r"dihantam\w*",
    r"dikeroyok\w*", r"dibully\w*", r"dibuli\w*", r"dirundung", r"diteunggeul\w*", r"ditenggeul\w*",
    r"dicabok\w*", r"ditajong\w*", r"dipeupeuh\w*", r"ditampiling\w*", r"dibalangan\w*",
    r"ditelantarkan", r"terlantar", r"diseret\w*", r"dibentur\w*", r"dibekap\w*",
    r"(dibawa|ditarik|diangkut) paksa", r"dipaksa masuk (\w+ )?(mobil|motor|rumah|kamar)",
    r"dipeluk ?2\w*", r"dipeluk\w* (\w+ )?paksa", r"dicium ?2\w*",
    r"(disuruh|dipaksa|dihukum) (\w+ )?tidur di luar",
    r"(gak|tidak|nggak|ga|ndak) (di)?jemput ?2?\w*(?! (sekolah|ojek|travel|bus)\b)",
    r"ditinggal\w* (\w+ ){0,3}di (\w+ )?(pasar|jalan|terminal|stasiun|masjid|pinggir jalan|hutan)",
    r"(ditinggal\w*|ditaruh|diletakkan|dibuang) (\w+ ){0,5}(dalam |di |pakai )?"
    r"(kardus|kantong plastik|tas kresek)", r"(minta|njaluk|menta|nyuwun) ampun",
    r"(mijitin|pijitin|mijit|memijat|mijet|pijat)\w* (\w+ ){0,2}di kamar\w*",
    r"disuruh (\w+ ){0,3}(sampai|sampe) (tengah malam|subuh|larut)",
    r"left (\w+ )?alone", r"(eat|eating|eats) (\w+ )?from (the )?(garbage|trash|bin)",
    r"makan (dari|di) (tempat sampah|sampah|tong sampah)",
    r"(ortu|orang ?tua|ibu|bapak|ayah)\w* (\w+ )?(gak|tidak|nggak|ga|ndak) (pernah )?"
    r"(peduli|mau ngurus|ngurus\w*)", r"(ngais|mengais|ngorek|mengorek) (\w+ ){0,2}makanan",
    r"ditabok\w*", r"ditampol\w*", r"digetok\w*", r"dicekek\w*", r"dipalak\w*", r"dibuang",
    r"dibawa (kabur|lari|minggat)", r"dihabisi\w*",
    # marks of it: "bawa lebam", "bekas sundutan rokok", "babak belur"
    r"lebam\w*", r"memar\w*", r"babak belur", r"sundutan\w*", r"biru ?2", r"biru biru",
    r"bekas (\w+ )?(luka|pukulan|cambukan|cubitan|ikat pinggang|sabuk|setrika|rokok)\w*",
    r"gebug\w*", r"dipun \w*(cubit|gebug|pukul|jewer|tampar|antem|tendang|siksa|kunci)\w*",
    r"dijawil\w*", r"dicolek\w*", r"dipegang ?2\w*", r"dipegang pegang\w*",
    r"(celana|baju|rok|pakaian)\w* (\w+ )?dibuka\w*", r"ditelanjangi\w*",
    r"(disuruh|dipaksa|dicekoki|dicekokin|dikasih) (\w+ )?(minum )?(alkohol|miras|tuak|ciu|"
    r"arak|obat tidur)",
    r"(diajak|dibawa) (pergi|kabur|lari|minggat) (\w+ )?(om|pria|laki|orang|cowok|pacar)\w*",
    r"(ngajak|mengajak|diajak)\w* (\w+ ){0,2}(ke )?(kamar|hotel|penginapan|losmen|rumah kosong|"
    r"gubuk|semak)\w*", r"dipacari\w*",
    r"(ditinggal\w*|dititip\w*|ninggalin\w*|meninggalkan) (\w+ ){0,8}(sendiri\w*|berhari\w*|"
    r"berminggu\w*|berbulan\w*|seharian|sebulan|seminggu|menghilang|minggat|gak balik|"
    r"tidak kembali)",
    r"(tidak|tdk|gak|ga|nggak|ngga|ndak|ora) (pernah )?(di ?urus|dirawat|diurusin|diperhatikan|"
    r"diperhatiin)(?! (desa|kelurahan|dukcapil|kantor|petugas|pemda|dinas|sekolah|kecamatan)\b)",
    r"(tidak|tdk|gak|ga|nggak|ngga|ndak|ora) dibawa (berobat|ke dokter|ke puskesmas|ke rs|"
    r"ke rumah sakit)",
    r"ringan tangan(?! (membantu|menolong))",
    r"(bawa|bawain|ngacungin|ngacungkan|mengacungkan|nodongin|menodongkan|ditodong\w*) "
    r"(\w+ )?(golok|parang|pisau|celurit|clurit|arit|sajam|gunting)",
    r"(ditaruh|diletakkan|ditemukan|ditinggal\w*) (\w+ ){0,2}(kardus|tas|plastik|got|selokan|"
    r"semak|tempat sampah|pinggir jalan)",
    r"(tidak|tdk|gak|ga|gk|nggak|ngga|enggak|ndak|nda|ora|teu|mak|mboten|boten) (\w+ ){0,2}"
    r"(dikasih|dikasi|dikash|diberi|dikei|diwenehi|dibere|diparingi|paringi|dikebeni) "
    r"(makan|mangan|maem|dahar|mengan|minum|nedha|nedho)",
    r"(tidak|tdk|gak|ga|nggak|ngga|ndak|ora) (di)?boleh(in|kan)? (keluar|pulang|sekolah)",
    r"ditinggal\w* sendiri\w*", r"(di)?lecehkan", r"dicabul\w*", r"(di)?perkosa\w*",
    r"(di)?rudapaksa", r"digerayang\w*", r"diraba\w*", r"digrepe\w*",
    r"dipegang\w* (\w+ )?(dada|paha|pantat|bokong|kemaluan|alat kelamin|bagian|anu)\w*",
    r"dicium\w* (\w+ )?paksa", r"diciumi\w*", r"diintip\w*", r"dihamili\w*", r"dihamilin",
    r"diajak (\w+ )?(berhubungan|begituan|ngamar|tidur bareng)", r"(di|meng|ng)?anc[ae]m\w*",
    r"diperas\w*",
    r"dipaksa (\w+ )?(buka|telanjang|kirim|vcs|berhubungan|melayani|nonton|tidur)\w*",
    r"disuruh (buka baju|telanjang|kirim foto|kirim video|vcs)",
    r"(foto|video|vidio|gambar)\w* (\w+ ){0,3}(disebar\w*|diviralkan|diupload|diposting)",
    r"(disebar\w*|diviralkan|diupload|diposting) (\w+ )?(foto|video|vidio)\w*",
    r"abus\w*", r"beat(en|ing)?", r"hit", r"slapped", r"molest\w*", r"harass\w*",
)
# The same harm written actively, with its victim just after ("mukulin anaknya").
ACTIVE_HARMS = (
    r"mukul\w*", r"memukul\w*", r"nggebuk\w*", r"gebuk\w*", r"nyubit\w*", r"mencubit\w*",
    r"njewer\w*", r"jewer\w*", r"nendang\w*", r"menendang\w*", r"nyiksa\w*", r"menyiksa\w*",
    r"ngurung\w*", r"mengurung\w*", r"ngunci\w*", r"menganiaya\w*", r"nampar\w*",
    r"menampar\w*", r"ngancam\w*", r"mengancam\w*", r"nyekik\w*", r"mencekik\w*",
    r"ngelecehin", r"melecehkan", r"mencabuli", r"nyabulin", r"memperkosa", r"meraba\w*",
    r"grepe\w*", r"ngegrepe\w*", r"nggrepe\w*", r"nelantarin", r"menelantarkan",
    r"ngintip\w*", r"nyeret\w*", r"menyeret\w*", r"nempeleng\w*", r"menghamili", r"hamilin",
    r"nampol\w*", r"nabok\w*", r"nonjok\w*", r"meluk ?2\w*", r"meluk meluk",
    r"ngegampar\w*", r"nempeleng\w*", r"ngeplak\w*", r"ngegetok\w*", r"nyekek\w*",
    r"n?gejambak\w*", r"njambak\w*", r"ngehajar\w*", r"ngegebuk\w*", r"nyabet\w*",
    r"nyambuk\w*", r"nyium\w*(?! bau)", r"ciumin", r"ngancem\w*",
    r"beats?", r"beating", r"hits", r"hitting", r"hurts?", r"hurting", r"abusing", r"raping",
    r"molesting", r"ngantem\w*", r"antemi", r"pegang ?2\w*", r"megang ?2\w*",
    r"pegang pegang", r"megang megang", r"locks?", r"locked", r"pinch\w*", r"kick\w*",
    r"punch\w*", r"starv\w*",
)
# Child marriage and forced marriage: phrases that say it on their own, and marriage words
# that need a victim ("anak sy mau dinikahkan") or a minor ("umur 15 disuruh nikah") near them.
CHILD_MARRIAGE = (
    # "pernikahan anak saya" is my grown-up child's wedding
    r"(nikah|pernikahan|kawin|perkawinan)( siri| sirri)? (dini|bocah|di ?bawah umur|anak(?! (saya|"
    r"sy|kami|aku|ku|pertama|kedua|ketiga|sulung|bungsu|pak|bu|bapak|ibu|beliau)\b))",
    r"(menikahi|nikahin|ngawinin|mengawini) (anak|bocah|murid|siswi|santri|gadis)\w*",
    r"child marriage",
)
FORCED_MARRIAGE = (
    r"nikah paksa", r"pernikahan paksa", r"(kawin|perkawinan) paksa", r"dijodohkan paksa",
    r"dipaksa (menikah|nikah|kawin|rabi)", r"forced (in)?to marr\w*", r"married off",
    r"(maksa|memaksa|maksain|dipaksain)( \w+){0,5} (nikah|menikah|kawin|rabi)",
    r"(nikah|menikah|kawin|rabi)\w*( \w+){0,8} (dipaksa|maksa|memaksa|maksain|paksa)",
    r"(want|wants|wanted|going|forcing) to marry (her|him) (off|to)", r"marr(y|ied) (her|him) off",
)
MARRIAGE_WORDS = (
    r"dinikahkan\w*", r"dinikahin\w*", r"dikawinkan\w*", r"dikawinin\w*", r"dijodohkan\w*",
    r"dijodohin\w*", r"dinikahkeun", r"dikawinkeun", r"dirabek(ke|ne)\w*", r"dirabikne\w*",
    r"(disuruh|dipaksa|dipaksain|dipeksa) (\w+ )?(nikah|menikah|kawin|rabi|kawin siri|nikah siri)",
    r"dinikahi\w*", r"dikawini\w*", r"dikawinko\w*", r"dinikahko\w*",
)
# Any marriage word right after a minor ("baru 13 taun udah dilamar").
MINOR_MARRIAGE_WORDS = (
    r"dilamar\w*", r"nikah\w*", r"menikah\w*", r"kawin\w*", r"rabi", r"dinikah\w*",
    r"dikawin\w*", r"married", r"marry",
)
ACTIVE_MARRIAGE = (
    r"(menikahkan|nikahkan|nikahin|ngawinkan|kawinkan|ngawinin|jodohkan|jodohin|rabekke)",
)
# Sexual exploitation online: said on its own ("foto bugil", "vcs", "diancam disebar").
ONLINE_EXPLOITATION = (
    r"(foto|video|vidio|gambar|vc|pesan|chat|dm)\w* (\w+ ){0,6}(bugil|telanjang|syur|porno|"
    r"mesum|cabul|jorok|tanpa busana|tidak senonoh|tdk senonoh|pribadi|intim)",
    r"(minta|meminta|diminta|disuruh|dipaksa) (\w+ )?(kirim )?(foto|video|vidio|pap)\w* (\w+ )?"
    r"(bugil|telanjang|tanpa busana|tanpa baju|dada|badan|bagian)",
    r"(jual|menjual|jualan|jualin|dijual|dijualin)\w* (\w+ )?(video|foto|vidio|konten)\w* "
    r"(anak|bocah|siswi|murid|cewek|pelajar|abg)\w*",
    r"blackmail\w*", r"nudes",
    r"(photo|picture|pic|image|video)s? (\w+ ){0,4}(nude|naked|porn\w*|explicit)",
    r"explicit (messages|photos|pictures|texts|videos|images)",
    r"ask(s|ed|ing)? (her |him |them )?for (nude |naked |private )?(photos|pictures|pics)",
    r"(private|nude|naked|intimate) (pictures|photos|pics|videos|images)",
    r"vcs", r"video call (sex|seks|mesum|bugil)",
    r"sextortion", r"(di)?grooming", r"(di|ng|meng)?anc[ae]m\w* (\w+ ){0,4}"
    r"(disebar|disebarin|sebar|nyebar|menyebar|diviralkan|viralkan|diupload|upload|dipost)\w*",
)
# Trafficking and forced labour (TPPO): phrases that say it on their own, and words that need
# a victim near them ("anak gadisnya dijual", "ponakan sy dipekerjakan di karaoke").
TRAFFICKING = (
    r"perdagangan (orang|manusia|anak|perempuan|wanita|gadis)", r"tppo", r"traffick\w*",
    r"kerja paksa", r"forced labou?r", r"mucikari", r"germo",
    r"(di)?jadikan (psk|pelacur|wts|pekerja seks|lc|pemandu lagu|budak)",
    r"prostitusi (anak|online|di bawah umur)",
    r"(jual|menjual|jualin) (anak|bayi|gadis|perempuan|istri)\w*(?! (ayam|kucing|sapi|kambing|"
    r"anjing|bebek|ikan|burung)\b)",
    r"(mempekerjakan|pekerjakan|mekerjain) (anak|bocah|balita|siswa|murid|santri|gadis|"
    r"di bawah umur)\w*",
    r"paspor\w* (\w+ ){0,3}(ditahan|disita|dipegang|diambil|disimpan)",
    r"(majikan|agen|calo|sponsor|penyalur|bos|mandor)\w* (\w+ ){0,4}(nahan|menahan|tahan|nyita|"
    r"menyita|ngambil|megang|memegang|nyimpan|menyimpan) (\w+ )?(hp|ktp|paspor|dokumen)\w*",
    r"(hp|ktp|paspor|dokumen)\w* (\w+ ){0,3}(ditahan|disita|dipegang|disimpan) "
    r"(\w+ )?(majikan|agen|calo|sponsor|penyalur|bos|mandor)\w*",
    r"(pembantu|art|prt|asisten\w*|tkw|pmi|tki)(\W+\w+){0,8}\W+(gaji\w* (\w+ )?(tidak|gak|ga|nggak|"
    r"belum|blm) (pernah )?dibayar|(tidak|gak|ga|nggak|belum|blm) (pernah )?digaji)",
    r"(disuruh|dipaksa|dijadikan|dijual) (\w+ )?(layani|melayani|nemenin|menemani|nemani) "
    r"(tamu|laki|om)\w*",
    r"(calo|sponsor|agen|penyalur) (\w+ )?(tki|tkw|pmi|tenaga kerja|art|pembantu)",
    r"(tki|tkw|pmi) (\w+ )?(ilegal|nonprosedural|non prosedural|gelap|disekap)",
    r"penampungan (tki|tkw|pmi|calo|sponsor|\w+ calo)", r"dieksploitasi\w*",
    r"eksploitasi (anak|perempuan|seksual|pekerja|art|tenaga kerja|ekonomi)",
    r"dipaksa (\w+ ){0,4}(kerja|bekerja|ngemis|mengemis|ngamen|jualan|jadi psk|melayani tamu|"
    r"jadi (lc|pemandu|pelayan|pengemis))\w*",
    r"disuruh (ngemis|mengemis|ngamen) (\w+ )?(dipukul|tiap|sampai|sampe|kalau|kalo)\w*",
    r"sold (to|into|for)", r"forced to (work|beg|sell)\w*",
    r"(nawarin|menawarkan|tawarin)\w* (bayi|balita|anak gadis|gadis)\w*",
    r"passports? (\w+ ){0,3}(taken|kept|held|confiscated)",
    r"not allowed to (leave|go out|go home)", r"buruh anak", r"pekerja anak",
    r"child labou?r", r"direkrut (\w+ )?(calo|sponsor|agen|penyalur)",
    r"(calo|sponsor|agen|penyalur)\w* (\w+ ){0,4}(nawarin|menawarkan|tawarin|rekrut|merekrut|"
    r"ngajak|bawa|membawa) (\w+ ){0,3}(anak|gadis|perempuan|cewek|remaja|lulusan)\w*",
    r"(umur|usia|identitas|data|dokumen|ktp|paspor)\w* (\w+ )?(dipalsu\w*|dituakan|dituain)",
    r"(kerja|bekerja|jadi) (jadi )?(pemandu lagu|pemandu karaoke|lc|psk|pelayan kafe|"
    r"wanita penghibur)",
)
TRAFFICKING_WORDS = (
    r"dijual\w*(?! (murah|cepat|cepet|rugi|nego|butuh)\b)", r"dipekerjakan\w*",
    r"dipekerjain", r"dijanji(kan|in) (\w+ )?(kerja|pekerjaan|gaji)\w*", r"disewa(kan|in)\w*",
    r"(buat|untuk|jadi) (ngemis|mengemis|pengemis|ngamen|pengamen)",
    r"(kerja|bekerja|dipekerjakan)( \w+){0,4} tanpa (bayaran|upah|gaji|digaji|dibayar)",
    r"(kerja|bekerja|dipekerjakan|nyetak|jaga|ngangkut|angkut|kuli)( \w+){0,8} ((gak|tidak|nggak|"
    r"ga|ndak) (pernah )?(sekolah|disekolahkan)|(putus|berhenti) sekolah)",
    r"(rekrut|direkrut|merekrut) (\w+ )?(jadi|sebagai) (abk|buruh|pekerja)",
    r"hilang kontak", r"(gak|tidak|nggak) (dikasih|diberi|ada) kontrak",
    r"dibawa (\w+ )?(calo|sponsor|agen)", r"(layani|melayani|nemenin|menemani|nemani) tamu\w*",
    r"disuruh (ngemis|mengemis|ngamen|melayani tamu|kerja malam|jadi lc)",
    r"sold", r"trafficked",
)
# "jual baju anak" sells clothes: the active phrases are in TRAFFICKING, with their victim.
ACTIVE_TRAFFICKING: tuple[str, ...] = ()
# Weak signs: a child or a woman scolded, shouted at, punished, kept from school. Not a
# report on their own (the bot asks one discreet question).
CONCERNS = (
    r"dimarahi\w*", r"dimarahin\w*", r"dibentak\w*", r"dimaki\w*", r"dihina\w*",
    r"diteriaki\w*", r"dikatain\w*", r"dikata katain", r"dihukum\w*",
    r"dijemur", r"(tidak|tdk|gak|ga|nggak|ora) (di)?sekolah(kan|in)",
    r"disuruh (kerja|bekerja|jualan)\w*", r"takut pulang", r"minta ampun",
    r"teriak (\w+ )?ampun", r"(nangis|menangis|teriak)\w* (\w+ )?(tiap|setiap) (malam|malem|hari)",
    r"ketakutan (\w+ )?(tiap|setiap|kalau|kalo) (pulang|lihat|liat|ketemu)",
    r"kurus (kering|banget|sekali)", r"kelaparan",
)
# A talk, a class or a study about violence ("sosialisasi pernikahan dini", "data kdrt buat
# skripsi") names violence without reporting any.
TALKS = (
    r"sosialisasi", r"penyuluhan", r"edukasi", r"seminar", r"webinar",
    r"narasumber", r"pembicara", r"kampanye", r"materi", r"parenting", r"lomba", r"workshop",
    r"(?<!tanpa )pelatihan",
    r"bimtek", r"relawan", r"skripsi", r"film", r"sinetron", r"novel", r"artikel",
    r"penelitian", r"makalah", r"statistik", r"tugas sekolah",
)

NEAR = 10  # at most this many words between a victim and a harm word (the fallback's rule)
CLOSE = 6  # ... for the screen's "unmistakable"
AFTER = 3  # at most this many words between an active verb and its victim


def alternatives(words: tuple[str, ...]) -> str:
    """One non-capturing group of these alternatives."""
    return "(?:" + "|".join(words) + ")"


def victim() -> str:
    """A victim word, not one owning a thing ("tanah ibu saya" is land)."""
    lengths = sorted({len(thing) for thing in OWNED})
    owned = "".join(  # one look-behind per length: each must have a fixed width
        "(?<!(?:" + "|".join(t for t in OWNED if len(t) == n) + ") )" for n in lengths
    )
    return owned + alternatives(VICTIMS)


def near(first: str, second: str, gap: int) -> str:
    """``first``, then at most ``gap`` words, then ``second`` (in raw text, as Rasa's features
    see it, punctuation may stand between the words)."""
    return rf"{first}(?:\W+\w+){{0,{gap}}}\W+{second}"


def beside_victim(words: tuple[str, ...], active: tuple[str, ...], gap: int) -> tuple[str, ...]:
    """Patterns for these passive words after a victim and these active words before one."""
    before = (near(alternatives(active), victim(), min(gap, AFTER)),) if active else ()
    return (near(victim(), alternatives(words), gap), *before)


def spread_picture(gap: int) -> str:
    """A picture of a child or a woman spread ("foto anak sy disebar di grup")."""
    return near(near(r"(foto|video|vidio|gambar)\w*", victim(), 2),
                r"(disebar\w*|diviralkan|diupload|diposting|dijual)", gap)
