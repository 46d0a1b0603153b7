"""How citizens of the regency write, mapped to standard Indonesian before stemming.

SMS and chat shorten words (``yg``, ``tdk``, ``udh``), spell them as spoken (``gak``, ``sampe``)
and mix in Madurese and Javanese, the languages most people here speak at home. The stemmer
only knows standard Indonesian, so each variant is mapped to the word it stands for. Only
everyday words belong here; an agency's own terms and abbreviations (``ktp``, ``pkh``, ``sd``)
are keywords an admin edits, never entries of this list.
"""

from __future__ import annotations

_SMS = """
yg yang | dgn dengan | dg dengan | utk untuk | untk untuk | tuk untuk | sy saya | sya saya | aq aku
gk tidak | ga tidak | gak tidak | nggak tidak | ngga tidak | enggak tidak | engga tidak | gx tidak
tdk tidak | tdak tidak | ndak tidak | nda tidak | blm belum | blum belum | belom belum
sdh sudah | udh sudah | udah sudah | dah sudah | sudh sudah | ud sudah | jln jalan | jl jalan
jg juga | jga juga | krn karena | krna karena | karna karena | tp tapi | tpi tapi | dr dari | dri dari
dlm dalam | kpd kepada | pd pada | sm sama | org orang | orng orang | bnyk banyak | byk banyak
skrg sekarang | skrng sekarang | kmrn kemarin | kmrin kemarin | kemaren kemarin | lg lagi | lgi lagi
bs bisa | bsa bisa | hrs harus | trs terus | trus terus | tlg tolong | mhn mohon | bpk bapak
gmn bagaimana | gmna bagaimana | gimana bagaimana | bgmn bagaimana | knp kenapa | napa kenapa
spt seperti | kyk seperti | kayak seperti | dpt dapat | dapet dapat | dtg datang | tgl tanggal
thn tahun | bln bulan | mgg minggu | jt juta | rb ribu | dkt dekat | dket dekat | skitar sekitar
dmn mana | sampe sampai | nyampe sampai | msh masih | masi masih | bgt sangat | banget sangat
aja saja | ilang hilang | mintak minta | kel kelurahan | kec kecamatan | kab kabupaten | ds desa
dsn dusun | ortu orang tua | kalo kalau | klo kalau | emg memang | sblm sebelum | stlh setelah
sdg sedang | bbrp beberapa | smua semua | jd jadi | jdi jadi | td tadi | tdi tadi | dpn depan
blkg belakang | sbl sebelah | pake pakai | makasih terima kasih | trims terima kasih | bikin buat
malem malam | cuman cuma | gede besar | gedhe besar | ijin izin | akte akta
rmh rumah | sklh sekolah | kntr kantor | pgw pegawai | sblh sebelah | brg barang | byr bayar
"""

# Madurese and Javanese words for everyday things, as they are typed (accents removed).
_REGIONAL = """
engkok saya | engko saya | sengkok saya | sengko saya | kaula saya | kaule saya | ta tidak
enjek tidak | enje tidak | bada ada | bengko rumah | compok rumah | sakola sekolah
sakolaan sekolah | ghuru guru | dhisa desa | pesse uang | aeng air | tana tanah
sampa sampah | abit lama | olle dapat | mlarat miskin | oreng orang | jhalan jalan | lorong gang
petteng gelap | mate mati | andi punya | ngantos tunggu | mareh selesai | kabbhi semua
ora tidak | omah rumah | dalan jalan | banyu air | duwit uang | bocah anak | mbayar bayar
kabanjiran kebanjiran | ambruk roboh | gabay buat | masok masuk | kaangkut terangkut
"""


def _table(*blocks: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for block in blocks:
        for entry in block.replace("\n", "|").split("|"):
            if entry.strip():
                variant, *standard = entry.split()
                table[variant] = tuple(standard)
    return table


VARIANTS: dict[str, tuple[str, ...]] = _table(_SMS, _REGIONAL)
