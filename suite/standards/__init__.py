"""Service standards (standar pelayanan, issue 12 item 4): per module and, where a category differs,
per category; seeded from each module's code default, edited by admins, published to everyone.

The components follow Permenpan RB 15/2014 tentang Pedoman Standar Pelayanan (Lampiran, Bab II),
which sets out UU 25/2009 Pasal 21: the service-delivery components persyaratan, sistem/mekanisme/
prosedur, jangka waktu, biaya/tarif, produk pelayanan and penanganan pengaduan, saran dan masukan,
and of the management components the dasar hukum (the others, such as facilities, staff competence
and internal supervision, are the agency's own documents and are not published here).
"""
