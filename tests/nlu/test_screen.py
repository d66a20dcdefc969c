"""The violence screen: signs of harm to a child or a woman, written the way neighbours write."""

from __future__ import annotations

import pytest

from nlu.screen import ViolenceSigns, screen

UNMISTAKABLE = [
    # (message, kind): a victim and a harm close together, or a phrase naming both
    ("anak tetangga saya dipukuli bapaknya tiap hari", "violence"),
    ("murid sy sering dicubitin ibunya sampe biru2", "violence"),
    ("ponakan dijewer sampai telinganya berdarah", "violence"),
    ("anak sebelah rumah dikurung di gudang", "violence"),
    ("anak itu nggak dikasih makan sama ibu tirinya", "violence"),
    ("bocah dimarahin sambil dipukul pake sapu", "violence"),
    ("istri tetangga ditampar suaminya", "violence"),
    ("santri dipukul ustadz", "violence"),
    ("pembantu tetangga tidak dikasih makan", "violence"),
    ("ANAK TETANGGA DIPUKULIN TERUS", "violence"),
    ("bapake mukulin anaknya pake selang", "violence"),
    ("cucu sy digerayangi tukang ojek", "violence"),
    ("siswi sy diraba raba guru les", "violence"),
    ("adik kelas dibully sampai masuk rs", "violence"),
    ("budak tatangga sok diteunggeul bapana", "violence"),
    ("bocah tonggo dikunci di kamar mandi", "violence"),
    ("sanak tetangga nyak dipukuli bakne unggal rani", "violence"),
    ("foto anak saya disebar di grup", "violence"),
    ("diancam foto bugil disebar kalau tidak kirim uang", "violence"),
    ("kekerasan terhadap anak di pesantren", "violence"),
    ("nikah dini", "child_marriage"),
    ("ada pernikahan anak di desa", "child_marriage"),
    ("anak 14 tahun mau dinikahkan", "child_marriage"),
    ("ponakan umur 15 disuruh nikah sama juragan", "child_marriage"),
    ("dispensasi nikah buat anak sy umur 15 diurus paksa sama suami", "child_marriage"),
    ("gadis 15 thn dijual ke om om", "trafficking"),
    ("perdagangan orang", "trafficking"),
    ("paspor adik saya ditahan agen", "trafficking"),
    ("ponakan sy dipekerjakan di karaoke", "trafficking"),
    ("ada yang jual anak lewat facebook", "trafficking"),
    ("kerja paksa di kapal", "trafficking"),
]
FOUND_ONLY = [
    # (message, kind): signs, but no child or woman named beside the harm: ask first
    ("KDRT", "violence"),
    ("saya korban kdrt", "violence"),
    ("saya dicubit suami tiap hari", "violence"),
    ("murid dimarahin terus sama gurunya", "violence"),
    ("anak sy mau dinikahkan bulan depan", "child_marriage"),
    ("sy dijodohkan paksa sama ortu", "child_marriage"),
]
NOTHING = [
    "jam pukul 10",
    "sy ke kantor pukul 10.30",
    "buka pukul delapan",
    "pukul rata",
    "nilai dipukul rata semua",
    "sekolah memungut biaya",
    "anak saya belum dapat bantuan PIP",
    "jalan rusak",
    "kelas parenting untuk ibu",
    "mau bikin KIA anak",
    "min mau bikin kia anak sy",
    "tanah ibu saya dijual adik",
    "anak ayam dijual murah",
    "jual baju anak bekas",
    "rumah dijual",
    "sosialisasi pencegahan kekerasan terhadap anak",
    "penyuluhan anti kdrt untuk ibu ibu pkk",
    "minta narasumber sosialisasi bahaya pernikahan dini di smp",
    "mau minta data kasus kekerasan anak buat skripsi",
    "ancaman banjir di desa",
    "anak saya mau daftar sekolah",
    "guru minta pungutan buat seragam",
    "ibu hamil tidak dikasih makanan tambahan",
    "siswa dipaksa beli seragam di koperasi",
    "anak saya mau nikah syaratnya apa",
    "syarat dispensasi nikah di pengadilan agama",
    "mau pinjam tenda buat pernikahan anak saya",
    "mau urus akta anak yg lahir dari nikah siri",
    "tetangga pukul kentongan tiap jam 3 pagi",
    "syarat nikah di kua apa aja",
    "anak punk mabuk2an di taman bikin resah",
    "petugas puskesmas galak sama ibu ibu",
    "mau daftar posyandu buat anak",
    "penampungan air di desa bocor",
    "calo ktp di kecamatan",
    "eksploitasi pasir ilegal di pantai",
    "ibu kota pindah",
    "ibu jari kejepit pintu",
    "anak tangga di kantor desa rusak",
]


@pytest.mark.parametrize(("text", "kind"), UNMISTAKABLE)
def test_unmistakable(text: str, kind: str) -> None:
    assert screen(text) == ViolenceSigns(found=True, unmistakable=True, kind=kind)


@pytest.mark.parametrize(("text", "kind"), FOUND_ONLY)
def test_found_but_asked_first(text: str, kind: str) -> None:
    assert screen(text) == ViolenceSigns(found=True, unmistakable=False, kind=kind)


@pytest.mark.parametrize("text", NOTHING)
def test_everyday_messages_show_nothing(text: str) -> None:
    assert screen(text) == ViolenceSigns(found=False, unmistakable=False, kind=None)
