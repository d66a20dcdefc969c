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
    # "yg masih 14", "baru 13": an age, not "baru 2 bulan"
    r"(baru|masih) ([1-9]|1[0-7])( (th|thn|tahun|taun|thun))?(?! (bulan|bln|hari|minggu|menit|"
    r"jam|kali|orang|rb|ribu|juta|jt|km|persen|x)\b)",
    r"(umur|usia)\w* ([1-9]|1[0-7])an",
    # round four: English ages ("maybe 14", "a 12-year-old"), school children in English
    r"(maybe|about|around|aged|barely|just) ([1-9]|1[0-7])", r"([1-9]|1[0-7]) year old",
    r"school ?(girls?|boys?|kids?|children)", r"(young|little|small) (girls?|boys?|kids?)",
    r"toddlers?", r"bab(y|ies)", r"teen(ager)?s?", r"underage",
    r"((she|he) (is|s)|(student|girl|boy|kid|child|daughter|son|niece|nephew|cousin|sister|"
    r"brother)s? (is|was)) (only |just |barely |maybe )?([1-9]|1[0-7])(?! (hours|am|pm|minutes|"
    r"days|km|percent)\b)",
)
# Old enough to be pregnant, too young to be: a pregnancy beside one of these is a report.
TEENS = (
    r"(umur|usia|umurnya|usianya)( baru| masih)? 1[0-7]( th| thn| tahun)?",
    r"1[0-7] (th|thn|tahun)",
    r"(kelas|kls) [7-9]", r"(anak|masih|baru) (smp|mts|sma|smk)", r"siswi\w*", r"(di ?bawah) umur",
    r"1[0-7] ?(year|yr)s? old", r"(kelas|kls) [1-6]", r"1[0-7] taun", r"(baru|masih) 1[0-7]",
    # round four: a disabled girl or woman who cannot say who did it
    r"disabilitas( intelektual| mental)?", r"(gangguan|ganguan) jiwa", r"odgj",
    r"keterbelakangan mental", r"tunagrahita", r"down syndrome", r"bisu", r"tuna ?rungu",
)
# A pregnancy, said or seen ("perutnya makin besar").
PREGNANT = (
    r"(hamil|melahirkan|pregnant)\w*",
    r"perut\w* (\w+ ){0,2}(membesar|makin besar|makin gede|buncit)",
)
VICTIMS = (
    *MINORS,
    r"anak\w*(?! (ayam|kucing|sapi|kambing|anjing|bebek|ikan|burung|tangga|sungai|buah|kunci|"
    r"panah|perusahaan|cabang|usaha|kos|kost|muda|buahnya)\b)",
    r"murid\w*", r"santri\w*", r"siswa\w*", r"pelajar\w*", r"(ke)?ponakan\w*", r"cucu\w*",
    r"adi?k\w*", r"adek\w*", r"adhi\w*", r"sepupu\w*", r"tante\w*", r"bibi\w*", r"bude\w*",
    r"budhe\w*", r"teteh\w*", r"kakak (perempuan|cewek|ipar|sy|saya|aku|ku|gue|gw)\w*",
    r"dedek\w*", r"istri\w*",
    r"bini\w*",
    r"ibu\w*(?! (kota|jari)\b)", r"emak\w*", r"bu", r"bojo\w*", r"mama\w*", r"perempuan\w*",
    r"wanita\w*", r"cewe\w*", r"gadis\w*", r"pembantu rumah tangga", r"pembantu\w*", r"art",
    r"prt", r"(asisten|pekerja) rumah tangga", r"tkw", r"putri\w*",
    r"putra\w*", r"nenek\w*", r"mbak\w*", r"nduk", r"genduk", r"thole", r"tole", r"wedok\w*",
    r"wadon\w*", r"budak", r"murangkalih", r"incu\w*", r"pamajikan\w*", r"awewe", r"sanak\w*",
    r"muli", r"bebai\w*", r"kemanakan\w*", r"korban\w*",
    # round four: Javanese krama "lare", "estri", "garwa"; Sundanese "lanceuk", "pun bojo";
    # Betawi "mpok"; Palembang "bini", "budak"; Lampung "kemaman"
    r"lare\w*", r"estri\w*", r"garwa\w*", r"lanceuk\w*", r"teteh\w*", r"mpok\w*", r"empok\w*",
    r"nyai", r"pun bojo", r"rabi(ne|nipun)", r"bojone", r"adi ?ku",
    r"child\w*", r"kids?", r"girls?", r"daughters?", r"sons?", r"niece", r"nephew", r"wife",
    r"wom[ae]n", r"students?", r"maid", r"mahasiswi\w*", r"hamil", r"helper",
    r"housemaid", r"sisters?", r"mother", r"mom", r"toddlers?", r"bab(y|ies)", r"teen\w*",
    r"school ?(girls?|boys?|kids?)", r"boys?", r"waitress\w*", r"pelayan(nya|ne|na)?",
)
# Children only: labour, grooming and performing for money count beside a child, not beside a
# grown woman ("ibu2 kerja sampai malam" is a job).
CHILDREN = (
    *MINORS,
    r"anak\w*(?! (ayam|kucing|sapi|kambing|anjing|bebek|ikan|burung|tangga|sungai|buah|kunci|"
    r"panah|perusahaan|cabang|usaha|kos|kost|muda|buahnya)\b)",
    r"murid\w*", r"santri\w*", r"siswa\w*", r"pelajar\w*", r"(ke)?ponakan\w*", r"cucu\w*",
    r"adi?k\w*", r"adek\w*", r"dedek\w*", r"budak", r"murangkalih", r"sanak\w*", r"kemenakan\w*",
    r"incu\w*", r"putri\w*", r"putra\w*", r"yatim\w*", r"piatu", r"child\w*", r"kids?",
    r"girls?", r"daughters?",
    r"sons?", r"boys?", r"niece", r"nephew",
    r"lare\w*", r"school ?(girls?|boys?|kids?)", r"toddlers?", r"bab(y|ies)", r"teen\w*",
)
# Who hurts them: a harm word beside one of these implies a victim ("dicubit suami").
PERPETRATORS = (
    r"suami\w*", r"bojo\w*", r"pacar\w*", r"mantan\w*", r"(bapak|bapa|ayah|papa|bapake) tiri\w*",
    r"majikan\w*", r"guru\w*", r"ustadz?\w*", r"ustaz\w*", r"kyai", r"kiai", r"pengasuh\w*",
    r"mertua\w*", r"paman\w*", r"om\w*", r"pakde\w*", r"pakle\w*", r"kakak kelas", r"senior\w*",
    r"pelatih\w*", r"husband", r"boyfriend", r"stepfather", r"boss", r"bos", r"bosnya",
    r"atasan\w*", r"dosen\w*", r"mandor\w*", r"juragan\w*", r"nyonya\w*",
    r"(bapak|pemilik|yg punya|penjaga|ibu) (kos|kosan|kost|kontrakan|asrama)\w*",
    # round four: Sundanese "salaki", Betawi/Malay "lakinye", Javanese "bojone", "garwanipun";
    # English
    r"salaki\w*", r"laki(nye|nya|ne|na|ku|nyo)", r"lakik\w*", r"(his|her) (dad|father|mother|mom)",
    r"(the )?parents", r"stepmother", r"stepmom", r"stepdad", r"uncle", r"employer",
    r"recruiter", r"coach\w*", r"teacher",
)
# "pukul 10", "pukul rata", "pukul mundur": time, sums and retreat, no blow.
BARE_PUKUL_GUARD = (
    r"(?! ?\d)(?! (rata|mundur|setengah|sepuluh|satu|dua|tiga|empat|lima|enam|tujuh|delapan|"
    r"sembilan|sebelas|berapa|brp|wib|wit|wita|kentongan|kentong|gong|bedug|beduk|drum|gendang|rebana|"
    r"paku|bola)\b)"
)
# Round three: harm named by what is done rather than by a word for violence.
# Cruel punishments: doused, soaked, left in the sun, made to stand or sleep outside, shaved,
# exercised until they faint, made to eat chilli.
PUNISHMENTS = (
    r"disiram\w*", r"diguyur\w*", r"direndem\w*", r"dicelup\w*", r"dicemplungin",
    r"dijemur\w* (\w+ ){0,6}(siang|panas|terik|sampai|sampe|berjam\w*|seharian|sejam|lapangan)",
    r"(di)?gundul\w*", r"dibotak\w*", r"dilakban\w*", r"disumpal\w*", r"di?setrap\w*",
    r"distrap\w*", r"digantung\w*",
    r"dimasuk(in|kan|kin) (\w+ )?(ke )?(dalam )?(karung|kandang|got|sumur|lemari|drum|bak)",
    r"(disuruh|dihukum|disetrap|distrap|dipaksa|nyuruh|dikongkon)\w* (\w+ ){0,3}(berdiri|jongkok|"
    r"tidur|nunggu|ngadeg|nginep|berjemur|merayap|push ?up|lari|duduk|berendam|berendem)\w* "
    r"(\w+ ){0,3}(di luar|di teras|di halaman|di kandang|di lantai|di pojok|di bawah|di atas|"
    r"di tengah|di ember|di got|sampai|sampe|nganti|beralaskan|semalam\w*|semalem\w*|seharian|"
    r"berjam ?2|berjam jam)",
    # round four: the belt, the broom handle, the cable taken up
    r"(ngambil|ngeluarin|ngayunin|ngelepas|nyopot|mencabut|nyabut) (\w+ )?(ikat pinggang|sabuk|"
    r"gesper|rotan|sapu lidi|selang|kabel|hanger|gagang sapu|kayu)",
    r"disentil\w*", r"dijitak\w*", r"digembok\w* (\w+ )?(dari luar|di|dalam)",
    r"(ngiket|ngikat|diiket|diikat|dirantai|ngerantai)\w* (\w+ ){0,2}(di|ke) (pohon|tiang|kursi|"
    r"kasur|ranjang|kandang|jendela|pintu|pagar|pager)\w*",
    r"(cap|bekas|jejak) (tangan|jari|telapak)", r"(punggung|paha|betis|lengan|pipi)\w* (\w+ )?"
    r"(belang ?2|baret ?2|merah ?2 (ada |bekas )?luka)",
    r"(sampai|sampe|nganti|ngantos|nepi ka|sampek) (\w+ ){0,2}(pingsan|semaput|mimisan|menggigil|"
    r"kejang)",
    r"(diolesi\w*|diolesin|dioles\w*|dijejeli\w*|dijejelin|dicekoki\w*|disuruh makan|dipaksa makan|"
    r"digosok\w*) (\w+ ){0,2}(cabe|cabai|sambel|sambal|balsem|lombok|rawit)",
    r"rambut\w* (\w+ )?(dipotong|digunting|dicukur|dibotakin)\w* (\w+ )?(paksa|acak\w*|botak|"
    r"asal\w*|pitak)",
    r"(diusir|ngusir|mengusir)\w* (\w+ ){0,3}(tengah malam|tengah malem|tengah bingi|malam ?2|"
    r"malem ?2|subuh ?2|dari rumah)",
    r"(didorong|disiksa|dilempari?)\w*", r"locked (in|inside|up)", r"tied (up|to)", r"chained",
    # round four: shut out, thrown out, dragged out
    r"sleep\w* (outside|on the (porch|floor|street|veranda|terrace))",
    r"(locked|shut|kicked|thrown|dragged) (out|outside)(?! of (\w+ ){0,3}(account|akun|app|list|"
    r"group|team|class|game|chat|email|phone|laptop)\w*\b)", r"(locked|shut|kept|left) outside",
    r"(diseret|ditarik|didorong|dilempar|diusir|ditendang|dibuang)\w* (\w+ ){0,3}(ampe |sampe |"
    r"sampai )?(ke |keluar )(jalan|luar|halaman|teras|got|selokan)",
)
# Neglect: left alone, unwatched, unfed, unwashed, untreated, shut out (beside a child).
NEGLECT = (
    r"dibiar(in|kan)\w* (\w+ ){0,3}(sendiri\w*|keluyuran|kelayapan|di jalan\w*|tanpa \w+|"
    r"kelaparan|sakit|nangis)",
    r"(ditinggal\w*|dibiar\w*|ngurus\w*|jaga\w*|nungguin)( \w+){0,4} sendiri\w* (\w+ ){0,3}"
    r"(berhari\w*|seminggu|sebulan|semalaman|seharian|tiap hari|tiap malam|tiap malem|di rumah)",
    r"(gak|tidak|tdk|nggak|ngga|ga|ndak|ora) (ada )?(yg |yang )?(ngawasin|ngawasi|mengawasi|"
    r"jagain|ngejagain)",
    r"(popok|pampers)\w* (gak|tidak|nggak|ga|ndak) (pernah )?diganti\w*",
    r"(gak|tidak|tdk|nggak|ga|ndak|ora) (mau )?(dibukain|dibukakan|bukain|bukakan) pintu",
    r"(gak|tidak|tdk|nggak|ga|ndak|ora) (mau )?(bawa|bawain|dibawa|diobatin|diobati|ngobatin) "
    r"(\w+ )?(berobat|ke dokter|ke puskesmas|ke rs|ke rumah sakit|ke bidan|ke klinik)",
    r"makan\w* (\w+ )?(cuma|hanya|cuman) (nasi garam|nasi doang|sekali|1 ?x|satu kali)",
    r"(minta|ngemis)\w* (\w+ )?makan ke (\w+ )?(tetangga|warung|orang|rumah)\w*",
    r"(ra|ora) oleh (mulih|metu|sekolah)",
    # round four: a small child alone at night or by a road, left in a closed car, the carers gone
    r"(main|maen|keluyuran|kelayapan|berkeliaran|nangis|tidur|duduk|ulin|dolan)\w* "
    r"(sendiri\w*|sorangan|dewek\w*|dewe|dhewe\w*|tanpa (ortu|orang ?tua|ibu|bapak|pengawasan)) "
    r"(\w+ ){0,4}(malam|malem|wengi|peuting|tengah malam|jam (9|10|11|12) (malam|malem)|"
    r"pinggir jalan|jalan raya|jalan lintas|jalan besar|jalan tol|rel)\w*",
    r"(ditinggal\w*|dikunci\w*|dibiar\w*|ninggalin|dikonci\w*) (\w+ ){0,3}"
    r"(di |dalam |dlm |di dalam )(\w+ )?(mobil|angkot|truk|bus|mobilnya)\w*",
    r"(ortu|orang ?tua|ibu|bapak|emak|mamak|bapake|ibune|ayah)\w* (\w+ ){0,2}(entah (ke ?)?mana|"
    r"gak tau (ke ?)?mana|ngilang|menghilang|kabur|minggat|mabuk|mabok|judi)",
    r"(left|leaves|leaving) (\w+ ){0,3}(alone|in (a|the) (hot |locked |closed )?(car|van))",
    r"(parents|mother|mom|father|dad)\w* (\w+ ){0,2}(ignore|ignores|don t care|do not care|"
    r"never (feed|look|come))\w*",
    r"(alone|by (him|her|them)sel(f|ves)) (\w+ ){0,4}(at night|every night|midnight|by the road|"
    r"on the road|near the road|on the street)",
    r"(cries|crying|cry) (\w+ )?for hours",
    r"(\d+|dua|tiga|empat|lima|berhari ?2|berminggu ?2) (hari|minggu|bulan) (\w+ )?(ditinggal|"
    r"ditinggalin|dibiarin)\w*",
    r"makan\w* (\w+ )?(cuma |hanya |cuman )?(dari|dikasih|dikasi|minta ke) (\w+ )?tetangga",
    r"(di rumah|dirumah) (gak|tidak|nggak|ga) ada (siapa ?2|orang|siapa siapa) (\w+ )?(udah|udh|"
    r"sudah|dah) (lama|berhari|seminggu|sebulan)",
    r"(gak|tidak|nggak|ga|ndak) (pernah )?(disekolah(in|kan)|sekolah) (\w+ ){0,6}(disuruh|dipaksa|"
    r"tiap hari|setiap hari) (\w+ ){0,2}(kerja|jagain|ngasuh|ngurus|nyuci|jualan|ngamen|mulung|"
    r"nyari|ngangkut|manggul|mungut)\w*",
)
# Kept in: never seen outside, for months ("gak pernah keluar rumah 2 tahun").
CONFINEMENT = (
    r"(gak|tidak|tdk|nggak|ngga|ga|ndak|ora) (pernah )?((kelihatan|keliatan|dibolehin|diizinin|"
    r"diizinkan|dikasih|boleh) keluar|keluar (rumah|kamar) (\w+ )?(berbulan\w*|bertahun\w*|"
    r"\d+ (tahun|taun|thn|bulan|bln)))",
    # round four: Sundanese, Javanese, Betawi, English
    r"(teu|henteu|ora|mboten|boten|kagak|nggak|gak|ga|dak) (di)?(meunang|oleh|pareng|dikeun|dibere|"
    r"diidinan|dibolehin|boleh) (kaluar|metu|medal|keluar|kemana ?2|ka mana ?mana)",
    r"(never|not allowed to|cannot|can t|isn t allowed to) (go|goes|going|leave|leaves) "
    r"(out|outside|the house|home)",
    r"(dikurung|dikunci\w*|dikonci\w*|dikerem|dikekep) (\w+ )?(di )?(imah|omah|rumah|kamar)\w*",
)
# Sexual harm without its words: into the room at night, called to his house, secrets, gifts
# for a lap or a meeting alone, pictures in swimwear.
SEXUAL_HARMS = (
    r"(buka|membuka|nurunin|melorotin|pelorotin)\w* (celana|resleting|sleting)\w*",
    r"(masuk|nyelinap|nyelonong)\w* (\w+ )?(ke )?kamar\w* (\w+ ){0,4}(malam ?2|malem ?2|"
    r"tengah malam|tengah malem|jam [1-4] pagi|tiap malam|tiap malem|pas tidur|lagi tidur)",
    r"(disuruh|dipanggil|diajak|dijemput|nyuruh|manggil)\w* (\w+ ){0,2}(ke |main ke |dateng ke |"
    r"datang ke |mampir ke )(rumah|kos|kosan|kontrakan|kamar|ruangan|gubuk|pondok)\w* (\w+ ){0,4}"
    r"(malam ?2|malem ?2|tengah malam|sendiri\w*|berdua|bujang|duda|om|kakek|pria|laki)\w*",
    r"(nyuruh|disuruh|dipaksa|minta|diminta)\w* (\w+ ){0,2}(ganti baju|ganti pakaian|buka baju|"
    r"lepas baju|buka celana|mandi) (\w+ ){0,2}(di |ke )?(ruangan|kamar|rumah|kos|kosan|"
    r"hotel)\w*nya",
    r"dicium\w* (di )?(bibir|mulut|leher)", r"ditiduri\w*",
    r"ditidurin (\w+ ){0,2}(om|paman|sepupu|kakak|abang|tetangga|pacar|guru|bapak tiri|kakek|"
    r"pria|laki)\w*",
    r"(nemenin|nemani|menemani|temenin|nemeni)\w* (\w+ ){0,4}((sampai|sampe) (larut|malam|malem|"
    r"subuh|pagi)|malam ?2|malem ?2|mabuk|mabok|minum (alkohol|miras|bir|tuak)|karaoke|tidur|"
    r"di kamar|di hotel)",
    r"(remes|remas|diremas|diremes|meremas|ngeremes|ngeremas|ngelus\w*|dielus\w*|ngusap\w*|ngeraba\w*|"
    r"diusap\w*|nyolek\w*|dicolek\w*|gesek\w*|digesek\w*|ngegesek\w*|grepe\w*|raba\w*|"
    r"pegang\w*|megang\w*|dipegang\w*|nyentuh\w*|disentuh\w*|menyentuh\w*) (\w+ ){0,3}(pantat|"
    r"bokong|dada|payudara|paha|pinggang|pinggul|badan|tubuh|bibir|kemaluan|selangkangan|pundak|"
    r"punggung)\w*",
    r"(ngikutin|diikutin|buntutin|dibuntutin|membuntuti|dibuntuti|nguntit|menguntit|dikuntit)\w*",
    r"stalk\w*", r"followed",
    # round four: changing clothes alone in his room, touched again and again
    r"(ganti baju|ganti pakaian|ganti seragam|buka baju|lepas baju|telanjang|ganti kostum) "
    r"(\w+ ){0,3}(ruangan|kamar|rumah|mobil|tenda)\w* (\w+ )?(satu ?2|satu satu|sendiri\w*|berdua|"
    r"dikunci)",
    r"(dicolek|nyolek|colek|ditoel|noel|toel|dicowel|nyowel|dijawil|njawil|gepok|digepok|gepuk|"
    r"digepuk)\w* ?2",
    r"(dicolek|nyolek|colek|ditoel|noel|dijawil|njawil|gepok|digepok) "
    r"(dicolek|nyolek|colek|ditoel|noel|dijawil|njawil|gepok|digepok)",
    r"(narik|tarik|menarik|narik ?2|ditarik ?2)\w* (\w+ )?(baju|rok|jilbab|kerudung|celana|bh|"
    r"tali bh)\w*",
    r"(duduk|tidur|dideketin) (\w+ )?(deket ?2|dekat ?2|mepet|nempel|dempet) (\w+ ){0,3}(dipegang|"
    r"dielus|dipeluk|diraba|dicium|dipangku)\w*",
    r"(rekam|ngerekam|merekam|foto|motret|moto|ngintip|ngevideoin)\w* (\w+ ){0,3}(dalem|dalam|"
    r"bawah|balik) (rok|baju|celana)\w*",
    r"(touch|touches|touched|touching|grope\w*|fondl\w*) (her|him|them|girls?|kids?|"
    r"students?)",
)
# Control: money, movement, a pregnancy.
CONTROL_HARMS = (
    r"ngatur semua (uang|duit|gaji)\w*",
    r"(gak|tidak|nggak|ga|teu|ora) (boleh|dibolehin|meunang|oleh) (kerja|gawe|digawe|damel) "
    r"(\w+ )?(gak|tidak|nggak|ga|teu|ora) (boleh|dibolehin|meunang|oleh) (keluar|kaluar|metu)",
    r"(gak|tidak|tdk|nggak|ga|ndak|ora) (pernah )?(dikasih|dikasi|diberi|dibolehin|boleh) (pegang|"
    r"megang|nyimpen|nyimpan|punya) (uang|duit)",
    r"(gak|tidak|tdk|nggak|ga|ndak) (pernah )?(dikasih|diberi|dikasi) nafkah",
    r"(ngancam|ngancem|mengancam|diancam) (\w+ )?(bawa|ambil|ngambil|rebut) (\w+ )?anak\w*",
)
# Round four: coercive control, beside whoever does it ("hp na dicokot ku salakina"): the phone
# taken, family and friends kept away. Beside a victim alone it may be a theft.
CONTROL_PHONE = (
    r"(hp|handphone|ponsel|telepon|telpon|henpon)\w* (na |nya |ne |nyo |nye |nipun )?"
    r"(diambil|disita|"
    r"dirampas|dicokot|dicandak|dijabel|dijupuk|diumpetin|disembunyiin|dibanting|dirusak|"
    r"dipecahin)\w*",
    r"(gak|tidak|nggak|ga|teu|ora|kagak) (boleh|meunang|oleh|dibolehin) (\w+ )?(ketemu|nelpon|"
    r"telpon|kontak|ngontak|hubungi|ngehubungi|ngobrol) (\w+ )?(keluarga|ortu|orang ?tua|ibu|"
    r"bapak|kolot|saudara|sodara|teman|temen|tetangga|siapa ?2)\w*",
    r"(took|takes|taken|took away|smashed|smashes) (her|his|my) phone", r"phone (was )?taken",
    r"(isolat\w*|cut off|cuts off|keeps) (her|him|them) (away )?from",
    r"(cuts?|cutting) (her|him|them) off", r"kept (away )?from (her|his|their) (own )?(family|"
    r"friends|parents|mother|children)",
)
# Seen in the face: injuries beside a victim or a perpetrator, and the usual excuse for them.
INJURIES = (
    r"lebam\w*", r"memar\w*", r"babak belur", r"biru ?2", r"biru biru", r"bonyok",
    r"benjol\w*", r"belang ?2", r"(cap|bekas|jejak) (tangan|jari|telapak)", r"baret ?2",
    r"(muka|wajah|mata|pipi|bibir|kepala|pelipis|hidung)\w* (\w+ )?(yg |yang )?(bengkak|benjol|"
    r"pecah|berdarah|sobek|robek|lebam|biru)",
)
# Harm done to someone, written passively ("dipukuli", "dicubitin", "nggak dikasih makan").
HARMS = (
    r"(di|ter)?pukul(i|in)?" + BARE_PUKUL_GUARD, r"dihajar\w*", r"\w*tampar\w*", r"\w*gampar\w*",
    r"ditendang\w*", r"dicekik\w*", r"disiksa\w*", r"(di)?aniaya\w*", r"dicubit\w*",
    r"dijewer\w*", r"dijiwit\w*", r"diciwel\w*", r"dikurung\w*",
    r"dik[ou]nci\w* (\w+ )?(di|dalam|dlm|dari luar|terus|tiap|seharian|neng|ning|nang|outside|"
    r"luar)",
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
    r"gebug\w*", r"dipun \w*(cubit|gebug|pukul|jewer|tampar|antem|tendang|siksa|kunci|gepok|"
    r"gepuk|jiwit|tabok|kaplok|raba|grepe|colek|cekik|idak|gitik|sabet|seret|kurung|usir)\w*",
    # round four: Javanese, Sundanese, Betawi and Palembang forms of a blow, a drag, a shove
    r"digepuk\w*", r"digepok\w*", r"digitik\w*", r"dikaplok\w*", r"digaplok\w*", r"dijiwit\w*",
    r"diidak\w*", r"dibabuk\w*", r"dipeupeuh\w*", r"digebotan", r"ditewak\w*", r"dijenggut\w*",
    r"dijejek\w*", r"ditajong\w*", r"disepak\w*", r"digampor\w*", r"digaplak\w*", r"ditabok\w*",
    r"dikemplang\w*", r"dijorokin", r"dijorokkin", r"disurung\w*", r"dibabat\w*", r"diculik\w*",
    r"dijawil\w*", r"dicolek\w*", r"dipegang ?2\w*", r"dipegang pegang\w*",
    r"(celana|baju|rok|pakaian)\w* (\w+ )?dibuka\w*", r"ditelanjangi\w*",
    r"(disuruh|dipaksa|dicekoki|dicekokin|dikasih) (\w+ )?(minum )?(alkohol|miras|tuak|ciu|"
    r"arak|obat tidur)",
    r"(diajak|dibawa) (pergi|kabur|lari|minggat) (\w+ )?(om|pria|laki|orang|cowok|pacar)\w*",
    r"(keluar masuk|dibawa masuk|masuk) (\w+ ){0,3}(rumah kosong|kamar|hotel|losmen|penginapan|"
    r"kos\w*) (\w+ ){0,3}(sama|bareng|dengan|ama) (om ?2|pria|laki ?2|bapak ?2|cowok|lelaki)\w*",
    r"(ngajak|mengajak|diajak)\w* (\w+ ){0,2}(ke )?(kamar|hotel|penginapan|losmen|rumah kosong|"
    r"gubuk|semak|kos|kosan|kost|kontrakan)\w*", r"dipacari\w*",
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
    r"(tidak|tdk|gak|ga|gk|nggak|ngga|enggak|ndak|nda|ora|teu|mak|mboten|boten|jarang) "
    r"(\w+ ){0,2}"
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
    r"(disuruh|dipaksa|nyuruh|maksa)\w* (\w+ ){0,3}(buka baju|telanjang|bugil|buka celana|"
    r"lepas baju|kirim foto|kirim video|vcs)",
    r"(foto|video|vidio|gambar)\w* (\w+ ){0,3}(disebar\w*|diviralkan|diupload|diposting)",
    r"(disebar\w*|diviralkan|diupload|diposting) (\w+ )?(foto|video|vidio)\w*",
    r"abus\w*", r"beat(en|ing)?", r"hit", r"slapped", r"molest\w*", r"harass\w*",
    *PUNISHMENTS, *CONFINEMENT, *SEXUAL_HARMS, *CONTROL_HARMS, INJURIES[-1],
)
# The same harm written actively, with its victim just after ("mukulin anaknya").
ACTIVE_HARMS = (
    r"nyiram\w*", r"menyiram\w*", r"mbanting\w*", r"membanting\w*", r"ngebanting\w*",
    r"banting\w*", r"nyeburin", r"nyelupin", r"ngelempar\w*", r"ngusir\w*", r"gesek\w*",
    r"ngegesek\w*", r"nempelin", r"ngikutin", r"buntutin", r"membuntuti", r"nguntit\w*",
    r"menguntit\w*", r"stalk\w*",
    r"nungguin\w* (dia|dya|doi|sy|saya|aku|\w+nya) (\w+ )?di depan (\w+ ){0,2}(tiap|setiap) "
    r"(hari|pagi|malam|malem|sore)",
    *CONTROL_HARMS,
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
    # round four
    r"nyolek\w*", r"noel\w*", r"njawil\w*", r"ngegepuk\w*", r"nggepuk\w*", r"nggitik\w*",
    r"neunggeul\w*", r"nyiksa", r"ngejorokin", r"ngeraba\w*", r"ngraba\w*", r"ngiket\w*",
    r"ngikat\w*", r"ngerantai\w*", r"masung\w*", r"nyentil\w*", r"ngejitak\w*",
    r"(ngambil|ngeluarin|ngayunin|ngelepas|nyopot|nyabut) (\w+ )?(ikat pinggang|sabuk|gesper|rotan|"
    r"sapu lidi|selang|kabel|hanger|gagang sapu)", r"nyeret", r"dragg\w*", r"drags?", r"shov\w*",
    r"push(es|ed)", r"chok(e|es|ed|ing)", r"strangl\w*",
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
    r"(want|wants|wanted|going|forcing) to marry (her|him) (off|to)",
    r"marr(y|ying|ies|ied) (her|him) off",
)
MARRIAGE_WORDS = (
    r"dinikahkan\w*", r"dinikahin\w*", r"dikawinkan\w*", r"dikawinin\w*", r"dijodohkan\w*",
    r"dijodohin\w*", r"dinikahkeun", r"dikawinkeun", r"dirabek(ke|ne)\w*", r"dirabikne\w*",
    r"(disuruh|dipaksa|dipaksain|dipeksa) (\w+ )?(nikah|menikah|kawin|rabi|kawin siri|nikah siri)",
    r"dinikahi\w*", r"dikawini\w*", r"dikawinko\w*", r"dinikahko\w*", r"dinikahsiri\w*",
    r"dikawinsiri\w*", r"dilamarin", r"dinikah (siri|sirri)", r"dikawin (siri|sirri)",
    r"dinikahi (siri|sirri)",
    r"(dikasih|dikasi|diserahin|diserahkan|diberikan|dikasihkan) (\w+ )?(ke|sama|kepada) "
    r"(laki|pria|duda|juragan|kakek|bapak ?2|om ?2)\w*",
)
# A minor made someone's wife ("dijadikan istri kedua", "udah jadi istri orang").
WIFE_OF = (
    r"(jadi|dijadikan|dijadiin|dijadikeun) istri (\w+ )?(kedua|ketiga|muda|simpanan|siri|orang|"
    r"juragan|duda)\w*",
)
# Any marriage word right after a minor ("baru 13 taun udah dilamar").
MINOR_MARRIAGE_WORDS = (
    r"dilamar\w*", r"nikah\w*", r"menikah\w*", r"kawin\w*", r"rabi", r"dinikah\w*",
    r"dikawin\w*", r"married", r"marry", r"ijab\w*", r"akad\w*", r"nikahan\w*",
)
ACTIVE_MARRIAGE = (
    r"(menikahkan|nikahkan|nikahin|ngawinkan|kawinkan|ngawinin|jodohkan|jodohin|rabekke)",
)
# Sexual exploitation online: said on its own ("foto bugil", "vcs", "diancam disebar").
ONLINE_EXPLOITATION = (
    r"(foto|video|vidio|gambar|vc|pesan|chat|dm|stiker|sticker|omongan|ngomong|kata ?2|candaan|"
    r"bisik)\w* "
    r"(\w+ ){0,8}(bugil|telanjang|syur|porno|"
    r"mesum|cabul|jorok|tanpa busana|tidak senonoh|tdk senonoh|pribadi|intim)",
    r"(minta|meminta|diminta|disuruh|dipaksa) (\w+ )?(kirim )?(foto|video|vidio|pap)\w* (\w+ )?"
    r"(bugil|telanjang|tanpa busana|tanpa baju|dada|badan|bagian)",
    r"(jual|menjual|jualan|jualin|dijual|dijualin)\w* (\w+ )?(video|foto|vidio|konten)\w* "
    r"(anak|bocah|siswi|murid|cewek|pelajar|abg|adek|adik|gadis|remaja|santri|ponakan|balita|"
    r"bayi)\w*",
    r"blackmail\w*", r"nudes",
    r"(photo|picture|pic|image|video)s? (\w+ ){0,4}(nude|naked|porn\w*|explicit)",
    r"explicit (messages|photos|pictures|texts|videos|images)",
    r"ask(s|ed|ing)? (her |him |them )?for (nude |naked |private )?(photos|pictures|pics)",
    r"(private|nude|naked|intimate) (pictures|photos|pics|videos|images)",
    r"vcs", r"video call (sex|seks|mesum|bugil)",
    r"sextortion", r"(di)?grooming",
    # round four: a secret or a picture held over a child; calls with grown men
    r"(kalo|kalau|klo|kl) (gak|tidak|nggak|ga|ndak) (mau|nurut|nuruti) (\w+ ){0,3}"
    r"(rahasia|aib|foto|"
    r"video|chat)\w* (\w+ )?(dibongkar|disebar\w*|dikirim\w*|diviralkan|dikasih tau)",
    r"(foto|video)\w* (\w+ ){0,6}(diedit|diedit jadi|dibikin|dijadiin) (\w+ )?(telanjang|bugil|"
    r"porno|syur)",
    r"(vc|video ?call|videocall|telponan|teleponan)\w* (\w+ ){0,2}(sama|dengan|ama|bareng) "
    r"(om ?2|bapak ?2|pria dewasa|orang asing|orang dewasa|laki ?2 dewasa)",
    # "dimintain uang biar gak disebar": sextortion without its word
    r"(biar|supaya|agar|kalau|kalo|klo) (gak|tidak|nggak|ga|ndak) (\w+ )?(disebar\w*|diviralkan|"
    r"diupload|dipost\w*)",
    r"(video ?call|vc|videocall)\w* (\w+ ){0,3}(buka baju|buka celana|telanjang|bugil|tanpa baju)",
    r"(rekam|merekam|ngerekam|direkam|ngintip|diintip|motret|difoto|ngevideoin|divideo\w*|live\w*|"
    r"streaming|kirim video|kirim foto|video|foto)\w* (\w+ ){0,5}(lagi|pas|sedang|waktu|saat) "
    r"(mandi|ganti baju|ganti pakaian|telanjang|buang air|pipis)",
    r"(mandi|ganti baju|ganti pakaian|telanjang)\w* (\w+ ){0,3}(direkam|difoto|divideo\w*|diintip|"
    r"disebar\w*|dijual)",
    r"kamera (\w+ ){0,2}(tersembunyi|pengintai)",
    r"touch\w* (\w+ )?(her|him|them) under (her|his|their) (skirt|clothes|shirt|dress|uniform)",
    r"(di|ng|meng)?anc[ae]m\w* (\w+ ){0,4}"
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
    r"(paspor|passport)\w* (\w+ ){0,3}(ditahan|disita|dipegang|diambil|disimpan)",
    r"(majikan|agen|calo|sponsor|penyalur|bos|mandor|nyonya|juragan|tuan)\w* (\w+ ){0,4}(nahan|"
    r"menahan|tahan|nyita|menyita|ngambil|megang|memegang|nyimpan|nyimpen|menyimpan|simpen|"
    r"ngumpetin) (\w+ )?(hp|ktp|paspor|dokumen)\w*",
    r"(hp|ktp|paspor|dokumen)\w* (\w+ ){0,3}(ditahan|disita|dipegang|disimpan) "
    r"(\w+ )?(majikan|agen|calo|sponsor|penyalur|bos|mandor|nyonya|juragan|tuan)\w*",
    r"(kept|keeps|took|takes|holds|held|confiscated) (her|his|their|my) passports?",
    r"(jual|menjual|jualin) (diri|badan|tubuh)",
    r"(pembantu|art|prt|asisten\w*|tkw|pmi|tki)(\W+\w+){0,8}\W+(gaji\w* (\w+ )?(tidak|gak|ga|nggak|"
    r"belum|blm) (pernah )?dibayar|(tidak|gak|ga|nggak|belum|blm) (pernah )?digaji)",
    r"(disuruh|dipaksa|dijadikan|dijual) (\w+ )?(layani|layanin|ngelayanin|melayani|nemenin|"
    r"menemani|nemani) "
    r"(tamu|laki|om)\w*",
    r"(calo|sponsor|agen|penyalur) (\w+ )?(tki|tkw|pmi|tenaga kerja|art|pembantu)",
    r"(tki|tkw|pmi) (\w+ )?(ilegal|nonprosedural|non prosedural|gelap|disekap)",
    r"penampungan (tki|tkw|pmi|calo|sponsor|\w+ calo)", r"dieksploitasi\w*",
    r"eksploitasi (anak|perempuan|seksual|pekerja|art|tenaga kerja|ekonomi)",
    r"dipaksa (\w+ ){0,4}(kerja|bekerja|ngemis|mengemis|ngamen|jualan|jadi psk|melayani tamu|"
    r"jadi (lc|pemandu|pelayan|pengemis))\w*",
    r"disuruh (ngemis|mengemis|ngamen) (\w+ )?(dipukul|tiap|sampai|sampe|kalau|kalo)\w*",
    r"sold (to|into|for)", r"forced to (work|beg|sell)\w*",
    r"(nawarin|menawarkan|tawarin)\w* (bayi|balita|anak gadis|gadis|anak perempuan|anak cewek|"
    r"perempuan|cewek|remaja|abg)\w*",
    r"passports? (\w+ ){0,3}(taken|kept|held|confiscated)",
    r"not allowed to (leave|go out|go home)", r"buruh anak", r"pekerja anak",
    r"child labou?r", r"direkrut (\w+ )?(calo|sponsor|agen|penyalur)",
    r"(calo|sponsor|agen|penyalur)\w* (\w+ ){0,4}(nawarin|menawarkan|tawarin|rekrut|merekrut|"
    r"ngajak|bawa|membawa) (\w+ ){0,3}(anak|gadis|perempuan|cewek|remaja|lulusan)\w*",
    r"(umur|usia|identitas|data|dokumen|ktp|paspor)\w* (\w+ )?(dipalsu\w*|dituakan|dituain)",
    r"(kerja|bekerja|jadi) (jadi )?(pemandu lagu|pemandu karaoke|lc|psk|pelayan kafe|"
    r"wanita penghibur)",
    # round four: phone or papers taken and no way out, passed on like goods, debts that never
    # end, hours no one works, recruiters looking for girls; English
    r"(hp|handphone|ponsel|ktp|paspor|dokumen)\w* (\w+ )?(diambil|disita|ditahan|dirampas|"
    r"dicokot) (\w+ ){0,5}(gak|tidak|nggak|ga|teu|ora) (boleh|bisa|dibolehin|meunang|oleh) "
    r"(keluar|kaluar|metu|pulang|balik|kabur|kemana ?2)",
    r"(gak|tidak|nggak|ga) (boleh|bisa|dibolehin|diizinin) (keluar|kabur|pulang) (dari )?"
    r"(mess|penampungan|asrama pekerja|barak|kapal|rumah majikan|tempat kerja)",
    r"(dioper|dipindah\w*|dilempar|dijual|dititip\w*) (\w+ ){0,3}(ke )?(agen|majikan|calo|bos|"
    r"mandor|penampungan) (\w+ )?(lain|baru)",
    r"(diperlakukan|dianggap|dijual|dioper)\w* (\w+ )?(kayak|kyk|kaya|seperti|spt|macam|kek) "
    r"(barang|budak|binatang|hewan)",
    r"(kerja|bekerja|dipekerjakan)\w* (\w+ )?(1[4-9]|2[0-4]) jam (sehari|per hari|tiap hari|"
    r"sehari ?2|nonstop)",
    r"(utang|hutang)\w* (\w+ ){0,3}(gak|tidak|nggak|ga|ndak|teu|ora) (pernah )?(lunas|abis|habis|"
    r"beres|kelar)\w*",
    r"(calo|sponsor|agen|penyalur|tekong|perekrut)\w* (\w+ ){0,5}(nyari|mencari|cari|ngumpulin|"
    r"ngerekrut|kumpulin|ngincer|ngincar|ndata) (\w+ ){0,2}(anak|gadis|perempuan|cewek|remaja|"
    r"lulusan|abg|janda)\w*",
    r"(ongkos|biaya|tiket)\w* (\w+ ){0,3}(ditanggung|dibayarin|gratis|ditalangin)\w* (\w+ ){0,6}"
    r"(dipotong|potong) (\w+ )?(gaji|upah)",
    r"(recruit\w*|promised|offered) (\w+ ){0,4}(job|work)\w* (\w+ ){0,8}(passport|phone|locked|"
    r"not allowed|can t leave|cannot leave|debt|never paid|unpaid)",
    r"(unpaid|never (gets?|got|been|being) paid|not (being |been |getting )?paid)",
    r"no (salary|pay|wages|day off|days off)",
    r"(owes|debt)\w* (\w+ ){0,3}(never|keeps) (ends?|growing|grows|paid off)",
    r"(gaji|upah)\w* (\w+ ){0,3}dipotong (\w+ ){0,3}(buat|untuk) (\w+ )?(utang|hutang)",
    r"(kerja|bekerja|dipekerjakan|dibawa)\w* (\w+ ){0,8}(gak|tidak|nggak|ga) (boleh|dikasih|"
    r"diizinin|dibolehin) pulang",
    r"(ktp|paspor|dokumen|ijazah)\w* (\w+ ){0,2}(dipegang|ditahan|disita|disimpan) (\w+ ){0,3}"
    r"(yg|yang) (bayarin|bayar|nanggung|nalangin) (ongkos|tiket|biaya)",
    r"(dikerjain|dipekerjakan|dipekerjain|kerja|bekerja)\w* (\w+ )?(di )?(kafe|cafe|karaoke|"
    r"tempat hiburan|warung remang ?2) (di )?(luar (kota|pulau|daerah|negeri)|jambi|batam|"
    r"kalimantan|papua|malaysia|jakarta|bali|riau|kepri|medan)",
)
TRAFFICKING_WORDS = (
    r"dijual\w*(?! (murah|cepat|cepet|rugi|nego|butuh)\b)", r"dipekerjakan\w*",
    r"dipekerjain", r"dijanji(kan|in) (\w+ )?(kerja|pekerjaan|gaji)\w*", r"disewa(kan|in)\w*",
    r"(disuruh|dipaksa|dikongkon|dikon|dikirim\w*|dipake|dipakai|dijadikan|dijadiin|buat|untuk|"
    r"jadi) (\w+ ){0,2}(ngemis|mengemis|minta ?2|minta minta|ngamen|pengamen|pengemis|golek duit|"
    r"nyari duit|cari duit|nyari uang|cari uang|manusia silver|kurir)",
    r"remang ?2", r"(banyak|ada|tiap malam|tiap malem) tamu (laki|pria|om|cowok)\w*",
    r"(diadopsi|adopsi|ditebus)\w* (\w+ ){0,2}(asal|asalkan|kalau|kalo|dengan|dgn) (bayar|dibayar|"
    r"uang|duit|tebusan|mahar)",
    r"(kerja|bekerja|dipekerjakan|dijual|dikasih|diserahkan|dinikah\w*|dikawin\w*|dijodoh\w*|"
    r"gaji\w*|upah\w*|dipotong)\w* (\w+ ){0,6}(buat|untuk|sebagai) (bayar|nebus|menebus|lunasin|"
    r"melunasi|ganti|nyicil) (utang|hutang)",
    r"(dibujuk|dirayu|diiming\w*|dijanji\w*) (\w+ ){0,3}(kerja|bekerja|jadi (art|pembantu|tkw|"
    r"pmi|spg|pelayan|model)|ke luar negeri|ke malaysia|ke arab|ke singapura|gaji)",
    r"(bukan|tidak|gak|nggak) (lewat )?(pt|perusahaan|agen|jalur) resmi", r"jalur (gelap|belakang)",
    r"(berangkat|pergi|dibawa|kerja|bekerja|merantau)\w* (\w+ ){0,3}(gak|tidak|nggak|ga|ndak|"
    r"hilang|"
    r"putus) (ada )?(kabar|kontak)",
    r"(gaji|upah)\w* (\w+ )?(ditahan|disita|dirampas)",
    r"(berapa|brp|harga\w*|tarif\w*|nego\w*|bayar\w*) (\w+ ){0,4}(bawa|booking|boking|ngajak|ajak|"
    r"pake|pakai|make)\w* (\w+ ){0,3}(semalam|semalem|sejam|nginep)",
    r"(don t|dont|do not|never|doesn t|didn t) pay (her|him|them)", r"(not|never) (been )?paid",
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
    # round four: a film, a game, a recipe or the news names violence without reporting any
    r"resep\w*", r"adonan\w*", r"geprek", r"hero",
    r"mobile legends?", r"anime", r"drakor", r"kartun",
    r"komik", r"(baca|nonton|liat|lihat|denger|dengar) berita", r"berita (di )?(tv|televisi|"
    r"koran|online|nasional|luar)",
    r"tinju (dunia|profesional|pro)", r"juara tinju", r"movie", r"series", r"recipe", r"news",
)
# A story's plot: words no report uses ("drakor yg pemeran utamanya dipukuli suaminya itu
# judulnya apa"). Unlike a talk, they also silence a harm beside a victim.
PLOT = (
    r"pemeran\w*", r"sinopsis\w*", r"episode\w*", r"judulnya", r"spoiler\w*",
    r"judul (film|lagu|novel|sinetron|drakor|komik|buku)\w*",
)

# Children only, beside a child (not a grown woman): work made harsh (every night, until
# midnight, no school, the money taken), drugs to carry, fights and shows for money, gifts that
# buy a lap or a meeting alone, secrets kept from the parents.
LABOUR = (
    r"(jualan|jual \w+|berjualan|ngamen|ngemis|mengemis|minta ?2|minta sumbangan|golek duit|"
    r"cari duit|cari uang|nyari duit|nyari uang|kerja|bekerja|jaga (warung|toko|parkir)|nyadap|"
    r"nyadep|melaut|ikut bagan|bagan|ngangkut|ngangkat|manggul|mulung|markir|kuli|abk|kurir|nyemir|"
    r"ngojek|nyortir|ngarit|cari rumput|dipekerjakan|sells?|selling|begs?|begging|works?|"
    r"working|care|herd|tend|look after|mungut|mungutin|brondol|rongsok|nyari rongsok|jagain|"
    r"ngasuh|nyuci|nyari kayu)\w*"
)
AGGRAVATION = (
    r"((tiap|setiap|saben) (malam|malem|subuh|wengi|bingi)|(sampai|sampe|nganti|ampe|sampek|hingga|"
    r"until|till) (jam (1[0-2]|[1-4])\b|subuh|malam|malem|tengah|larut|pagi|dini|midnight|dawn|"
    r"[1-4] ?am)|malam ?2|malem ?2|dini hari|dari (subuh|pagi|jam [1-5])|seharian|semalaman|"
    r"all (day|night)|every (day|night)|(gak|tidak|nggak|ga|ndak|"
    r"ora|mak|teu) (pernah )?(sekolah|belajar|masuk sekolah|sekulah)|(putus|berhenti) sekolah|"
    r"(uang|duit|upah|gaji)\w* (\w+ )?(diambil|disetor|dirampas|dipotong)|setor\w*|takes? all|"
    r"buat (rokok|judi|tuak|mabuk)|(gak|tidak|nggak|ga) (pernah )?(dibayar|digaji|disekolahin)|"
    r"(gak|tidak|nggak|ga) boleh (masuk|pulang)|buat bayar (utang|hutang)|dari subuh|"
    r"(kept|keeps|keep) (her|him|them) (home )?from school|out of school)"
)
# Grooming: beside a child, or beside the man doing it ("om2 ... janji beliin hp kalau mau ketemu").
GROOMING = (
    r"(dikasih|dikasi|ngasih|ngasi|kasih|ngirim\w*|dikirimi\w*|dibeliin|beliin|janji\w*|dijanji\w*|"
    r"diiming\w*|nawarin)\w* (\w+ ){0,2}(uang|duit|permen|jajan|pulsa|hp|hadiah|gift|diamond|"
    r"kuota)\w* (\w+ ){0,8}(dipangku|pangku\w*|(minta|ngajak|maksa|mau|asal) (\w+ )?ketemu\w*|"
    r"berdua|kamar|hotel|penginapan|kos\w*|kebun|hutan|gubuk|semak|rumah kosong|mobil|"
    r"video ?call|vc|buka baju|jangan bilang|kabur)\w*",
    r"(nyuruh|suruh|disuruh|minta|diminta) (\w+ )?(hapus|apus|hapusin|apusin|delete) "
    r"(\w+ )?(chat|pesan|percakapan|riwayat)\w*",
    r"(minta|diminta|nyuruh|disuruh) (\w+ ){0,4}(foto|video|pap)\w* (\w+ )?(pake|pakai|cuma pake) "
    r"(baju tidur|piyama|handuk|daleman|kaos dalam|tank top)",
    r"(voucher|diamond|top ?up|skin|pulsa|kuota)\w* (\w+ ){0,6}(om ?2|orang asing|orang dewasa|"
    r"ketemu|berdua|vc|video ?call|foto)",
    r"(jangan|jgn|ojo|ulah) (bilang|cerita|kasih tau|ngomong|lapor)\w* (ke |sama |ama )?(siapa ?2|"
    r"siapapun|sapa sapa|sing sapa|ortu|"
    r"orang ?tua|mama\w*|ibu\w*|bapak\w*|ayah\w*|papa\w*|emak\w*|guru\w*)",
    r"(minta|ngajak|maksa|diajak|ajak|nyuruh|ngajakin)\w* (\w+ )?(ketemu|ketemuan|bertemu|jalan|"
    r"pergi)"
    r" (\w+ )?berdua",
    r"(minta|diminta|nyuruh|disuruh|dipaksa|ngajak|diajak)\w* (\w+ ){0,4}(foto|video|pose|"
    r"pemotretan)\w* (\w+ ){0,3}(baju renang|bikini|pakaian dalam|daleman|"
    r"celana dalam|baju ketat|seksi|sexy|terbuka|buka ?2an)",
    r"(dibonceng|diboncengin|dibawa|diajak|dijemput)\w* (\w+ ){0,2}(pria|laki ?2|om ?2|lelaki|"
    r"bapak ?2|cowok)\w* (\w+ ){0,3}(ke )?(kebun|hutan|gubuk|semak|hotel|kos\w*|rumah kosong|"
    r"penginapan|malam ?2|malem ?2)",
    r"(giv\w+|send\w+|buy\w+) (her|him|them) (gifts?|money|credit|phones?)",
    r"meet (him|her|them) alone",
)
CHILD_HARMS = (
    LABOUR + r"(?:\W+\w+){0,8}\W+" + AGGRAVATION,
    r"(kurir|nganter\w*|ngantar\w*|mengantar\w*|antar\w*|ngedar\w*|mengedar\w*|jualan|jualin|"
    r"dipake|dipakai|disuruh) (\w+ ){0,8}(sabu|narkoba|narkotika|ganja|ekstasi|obat terlarang|"
    r"pil koplo|tramadol|bandar)\w*",
    r"(bandar|pengedar)\w* (\w+ ){0,2}(buat|jadi|sebagai) kurir",
    r"(diadu|ngadu|disuruh|dipaksa|nyuruh|maksa)\w* (\w+ ){0,3}(berantem|berkelahi|tarung|tinju|"
    r"gelut|duel|adu jotos|saling pukul)\w*",
    r"(berantem|berkelahi|tarung|tinju|gelut|duel|diadu|adu)\w* (\w+ ){0,8}"
    r"(taruhan|dipertaruhkan)\w*",
    r"(taruhan|dipertaruhkan)\w* (\w+ ){0,8}(berantem|berkelahi|tarung|tinju|gelut|duel|diadu)\w*",
    r"(joget|goyang|nari|menari|live|ngelive|divideo)\w* (\w+ ){0,12}(gift|saweran|sawer\w*|mabuk|"
    r"mabok|seksi|sexy|baju terbuka|tontonan|ditonton)",
    *GROOMING, *NEGLECT,
)
# Heavy work at sea, in mines or as a maid: beside a minor's age or school year.
HEAVY_LABOUR = (
    r"(jadi|sebagai) (abk|kuli|buruh|pembantu|art|prt)", r"kapal (ikan|tuna|pesiar)",
    r"tambang\w*", r"melaut", r"bagan",
    # round four: serving in cafes, karaoke rooms, bars and roadside stalls at night
    r"(pelayan|kerja|bekerja|jaga|nemenin|nemani|jadi)\w* (\w+ ){0,2}(di )?(kafe|cafe|karaoke|"
    r"tempat karaoke|bar|diskotik|tempat hiburan|warung remang ?2|warung kopi malam|panti pijat|"
    r"spa|rumah bilyar|biliar)\w*",
    r"(kafe|cafe|karaoke|bar|diskotik|tempat hiburan|warung remang ?2|warung)\w* (\w+ ){0,4}"
    r"pelayan\w*",
    r"(nemenin|nemani|menemani|temenin|layani|melayani|ngelayanin) (\w+ ){0,3}(sopir|supir|tamu|"
    r"om ?2|bapak ?2|pria|laki ?2|pelanggan|bos|lelaki)\w* (\w+ ){0,2}(minum|mabuk|mabok|"
    r"karaoke|nyanyi|joget|ngobrol)",
    r"(serv\w*|work\w*) (\w+ ){0,3}(drinks|alcohol|beer|bar|karaoke|nightclub)",
    r"(drink|drinking|sit|sitting) with (the )?(customers|guests|men|clients|drivers)",
    r"(digawekeun|digawe|gawe|damel\w*|didamel\w*|kerjo|dikerjain|dipekerjain)\w* (\w+ ){0,2}"
    r"(kafe|cafe|karaoke|bar|diskotik|tempat hiburan|warung remang ?2)\w*",
    r"(nemenan|ngancanan|ngancani|ngancani|nemeni) (\w+ ){0,2}(tamu|semah|pria|lalaki|lanang|"
    r"wong lanang)\w* (\w+ )?(nginum|ngombe|minum|mabok|mabuk)",
)
# Said on their own, whoever writes (no talk names them): exposure, groping, forced sexual acts,
# pornography shown, forced abortion, filth to eat, injuries explained away, hair pulled, things
# thrown at someone, acid, a baby given coffee or sleeping pills.
SIGNS = (
    r"(pamer\w*|mamerin|nunjukin|nunjukkin|memperlihatkan|ngeluarin|ngeluarkan|mengeluarkan|buka|"
    r"membuka) (\w+ ){0,2}(anu|kelamin|alat kelamin|burung|titit|penis|kemaluan)\w*",
    r"expos(e|es|ed|ing) (him|them)sel(f|ves)",
    r"(remes|remas|diremas|diremes|meremas|ngeremes|ngeremas|ngelus\w*|dielus\w*|nyolek\w*|"
    r"dicolek\w*|gesek\w*|digesek\w*|ngegesek\w*|grepe\w*|digrepe\w*|raba\w*|diraba\w*) (\w+ ){0,3}"
    r"(pantat|bokong|dada|payudara|paha|pinggang|pinggul|kemaluan|selangkangan)\w*",
    r"(pantat|bokong|dada|payudara|paha|selangkangan|kemaluan)\w* (\w+ ){0,2}(diremas|diremes|"
    r"dipegang\w*|dielus\w*|diusap\w*|disentuh|dicolek\w*|digesek\w*|diraba\w*|dipencet)",
    r"(disuruh|dipaksa|nyuruh|maksa)\w* (\w+ )?(pegang|megang|ngelus|ngocok|cium|jilat|isep|emut) "
    r"(punya|anu|burung|titit|kelamin|alat kelamin|kemaluan|penis)\w*",
    r"dipaksa (\w+ ){0,2}(dicium|cium\w*|berhubungan|begituan|ngamar|tidur bareng|melayani|"
    r"buka baju|telanjang|vcs|kirim foto)",
    r"(nunjukin|nunjukkin|nunjukkan|menunjukkan|ngasih liat|nyetelin|nontonin|mempertontonkan|"
    r"diperlihatkan|dikasih liat|disuruh nonton|dipaksa nonton|ngajak nonton|diajak nonton) "
    r"(\w+ ){0,2}(video|film|foto|gambar)\w* (dewasa|porno|bokep|jorok|mesum|biru|bugil|telanjang)",
    r"(maksa|memaksa|dipaksa|disuruh|nyuruh|menyuruh|suruh|ngancam)\w* (\w+ ){0,3}(gugurin|"
    r"menggugurkan|ngegugurin|gugurkan|digugurkan|aborsi|diaborsi)\w*",
    r"(disuruh|dipaksa|nyuruh|maksa)\w* (\w+ ){0,3}(minum|makan|jilat|ngemut|telan|nelen)\w* "
    r"(\w+ )?(air got|air comberan|air selokan|kotoran|sepatu|ludah|sampah|air kencing|kencing|"
    r"cabe|cabai|sambel|sambal|rawit)\w*",
    r"(luka|memar|lebam|bengkak|biru|benjol)\w* (\w+ ){0,4}(katanya|ngakunya|alasannya|bilangnya|"
    r"ngaku) (\w+ )?(jatuh|kepentok|kebentur|kejedot|nabrak|kejeduk)",
    r"(kepala|muka|wajah|mata|pipi|perut|punggung|badan|leher|kuping|telinga)nya (\w+ )?"
    r"(dibentur\w*|dijedot\w*|dipukul\w*|ditendang\w*|diinjak\w*|dicekik|disundut\w*|disetrika|"
    r"dilakban|dicelup\w*|ditampar|disulut\w*)",
    r"(ditarik|dijambak|dijenggut) (\w+ )?(rambut|kerudung|jilbab)\w*",
    r"(rambut|kerudung|jilbab)\w* (\w+ )?(ditarik|dijambak|dijenggut)",
    r"(dilempar\w*|dilempari|ditimpuk\w*|dibanting\w*|lempar\w*|ngelempar\w*|melempar\w*) "
    r"(\w+ ){0,2}(ke|ke arah|kearah) (sy|saya|aku|gue|gw|kula|kulo|nyak|kepala\w*|muka\w*|"
    r"wajah\w*|badan\w*|ibu\w*|istri\w*)",
    r"(siram\w*|nyiram\w*|menyiram\w*|disiram\w*|anc[ae]m\w*) (\w+ ){0,3}air keras",
    r"(bayi|balita)\w* (\w+ ){0,6}(dikasih|dikasi|diberi|dicekoki\w*|dicekokin) (\w+ )?(minum )?"
    r"(kopi|obat tidur|rokok|alkohol|tuak|miras|lem)",
    r"perpeloncoan", r"diplonco\w*",
    # round four: exposure before children, a pregnancy made to "luruh", cash for a ride
    r"(buka|membuka|nurunin|melorotin|pelorotin|plorotin)\w* (resleting|sleting|celana)\w* "
    r"(\w+ ){0,3}(di )?(depan|hadapan|ke arah|kearah) (\w+ ){0,2}(anak|bocah|murid|siswi|siswa|"
    r"cewek|cewe|perempuan|ibu|gadis|pelajar|santri)\w*",
    r"(jamu|obat|pil|nanas muda|ramuan|jamu ?2an)\w* (\w+ ){0,3}(biar|supaya|agar|buat|untuk|ben|"
    r"men) (\w+ )?(luruh|gugur|keguguran|rontok|luntur|ngeluarin (janin|bayi|kandungan))",
    r"(luruh\w*|gugur\w*) (\w+ )?(kandungan|janin|jabang bayi)\w*",
    r"(offer\w*|giv\w*|promis\w*) (\w+ ){0,2}(cash|money|candy|sweets|rides?|gifts?|phones?) "
    r"(\w+ ){0,10}(get in|get into|into (his|a|the) (car|van|house|room)|come with|go with|"
    r"follow him|meet (him|alone))",
    r"(flash\w*|expos\w*) (\w+ ){0,2}(to|at|in front of) (\w+ ){0,2}(kids|children|girls|"
    r"students|schoolgirls|women)",

    r"(buka|membuka|masuk|nyelonong)\w* (\w+ ){0,3}(pas|lagi|sedang|waktu|saat) (\w+ )?"
    r"(lagi |sedang )?(mandi|ganti baju|ganti pakaian)",
    r"(nemenin|nemani|menemani|temenin) (\w+ )?(bos|om|tamu|majikan|juragan|mandor)\w* (\w+ )?"
    r"(minum|mabuk|mabok|karaoke|tidur|ngamar)",
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


def solicitation(gap: int) -> str:
    """A child asked for pictures in swimwear or underwear ("minta anak sy foto pake bikini")."""
    asked = r"(minta|diminta|nyuruh|disuruh|dipaksa|ngajak|diajak)\w*"
    return near(near(asked, alternatives(CHILDREN), 4),
                r"(foto|video|pose|pemotretan)\w* (\w+ ){0,3}(baju renang|bikini|pakaian dalam|"
                r"daleman|celana dalam|baju ketat|seksi|sexy|terbuka|buka ?2an)", gap)


def invitation(gap: int) -> str:
    """A child or a woman asked to a hotel or a boarding room ("ngajak adek sy ... ke hotel")."""
    return near(near(r"(ngajak|mengajak|ajak|manggil|memanggil|nyuruh)\w*", victim(), 3),
                r"(ke |di )?(kamar hotel|kamar|penginapan|losmen|kos|kosan|kontrakan|"
                r"rumah kosong|gubuk|semak)\w*", gap)
