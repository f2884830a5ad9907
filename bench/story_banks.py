# ruff: noqa: E501 - phrase banks read best one entry a line
"""Phrase banks for `bench/stories.py`: what Hải Phòng's administrative news talks about.

Written from the shape of real press-office news (the seed page in
/work/shared/seed/ and the portal's own sample articles), before and without
looking at how the ranking reads text. Subjects carry slots ({road}, {place},
{site}) filled per archive, so two seeds tell differently named stories.
"""

from __future__ import annotations

# fmt: off
# (section, subject phrase, detail phrases that only this subject's articles use)
SUBJECTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("Kinh tế", "chuyển đổi cơ cấu cây trồng trên đất lúa", ("đất lúa kém hiệu quả", "cây ăn quả", "rau màu an toàn", "vùng sản xuất tập trung", "giống cây mới")),
    ("Kinh tế", "xây dựng nông thôn mới kiểu mẫu tại {place}", ("thôn kiểu mẫu", "tiêu chí nâng cao", "đường trục thôn", "nhà văn hóa thôn", "hàng rào xanh")),
    ("Kinh tế", "phát triển hợp tác xã nông nghiệp", ("liên kết tiêu thụ nông sản", "chuỗi giá trị", "thành viên hợp tác xã", "vốn điều lệ")),
    ("Kinh tế", "phòng chống dịch tả lợn châu Phi", ("tiêu hủy lợn bệnh", "tiêu độc khử trùng", "đàn lợn", "chăn nuôi an toàn sinh học", "chốt kiểm dịch")),
    ("Kinh tế", "nuôi trồng thủy sản vùng ven biển {place}", ("đầm nuôi", "tôm thẻ chân trắng", "con giống thủy sản", "chất lượng nước nuôi")),
    ("Kinh tế", "chương trình mỗi xã một sản phẩm OCOP", ("sản phẩm OCOP", "chủ thể sản xuất", "xếp hạng sao", "bao bì nhãn mác", "hội chợ nông sản")),
    ("Kinh tế", "giải phóng mặt bằng tuyến đường {road}", ("hộ dân bị ảnh hưởng", "bồi thường hỗ trợ", "khu tái định cư", "cắm mốc giới", "kiểm đếm tài sản")),
    ("Kinh tế", "xây dựng cầu {bridge}", ("trụ cầu", "nhà thầu thi công", "dầm cầu", "hợp long", "đường dẫn lên cầu")),
    ("Kinh tế", "cải tạo nâng cấp tuyến đường {road}", ("mặt đường bê tông nhựa", "hệ thống thoát nước", "phân luồng giao thông", "rào chắn thi công")),
    ("Kinh tế", "đầu tư hạ tầng khu công nghiệp {site}", ("nhà đầu tư thứ cấp", "lấp đầy", "vốn đăng ký", "hạ tầng kỹ thuật khu công nghiệp")),
    ("Kinh tế", "chỉnh trang đô thị tuyến phố {road}", ("lát đá vỉa hè", "chiếu sáng trang trí", "mặt tiền nhà phố", "biển quảng cáo")),
    ("Kinh tế", "cải tạo chung cư cũ tại {place}", ("nhà chung cư cũ", "di dời tạm cư", "chủ đầu tư dự án", "bố trí tái định cư tại chỗ", "kiểm định chất lượng nhà")),
    ("Kinh tế", "hạ ngầm đường dây điện và cáp viễn thông", ("cáp ngầm", "cột điện", "dây viễn thông", "mương cáp")),
    ("Kinh tế", "thu hút đầu tư trực tiếp nước ngoài", ("dự án FDI", "vốn đầu tư đăng ký", "xúc tiến đầu tư", "tập đoàn nước ngoài")),
    ("Kinh tế", "phát triển kinh tế tập thể và doanh nghiệp nhỏ", ("doanh nghiệp nhỏ và vừa", "tiếp cận tín dụng", "vườn ươm doanh nghiệp")),
    ("Y tế", "tiêm vắc xin phòng COVID-19 cho trẻ từ 5 đến dưới 12 tuổi", ("mũi tiêm thứ hai", "phụ huynh học sinh", "điểm tiêm lưu động", "theo dõi sau tiêm")),
    ("Y tế", "phòng chống sốt xuất huyết", ("muỗi vằn", "diệt bọ gậy", "ổ dịch sốt xuất huyết", "phun hóa chất diệt muỗi")),
    ("Y tế", "nâng cao chất lượng khám chữa bệnh tại trạm y tế xã", ("trạm y tế xã", "bác sĩ gia đình", "danh mục thuốc", "khám bảo hiểm y tế")),
    ("Y tế", "bảo đảm an toàn thực phẩm dịp Tết", ("cơ sở kinh doanh thực phẩm", "mẫu thực phẩm", "ngộ độc thực phẩm", "đoàn kiểm tra liên ngành")),
    ("Y tế", "phát triển người tham gia bảo hiểm xã hội tự nguyện", ("mức đóng", "người tham gia tự nguyện", "đại lý thu", "lương hưu")),
    ("Y tế", "xây dựng bệnh viện đa khoa {place}", ("khối nhà điều trị", "giường bệnh", "trang thiết bị y tế", "khu kỹ thuật cao")),
    ("Giáo dục", "kỳ thi tốt nghiệp trung học phổ thông", ("thí sinh dự thi", "điểm thi", "đề thi", "cán bộ coi thi", "phúc khảo")),
    ("Giáo dục", "tuyển sinh vào lớp 10 trung học phổ thông", ("chỉ tiêu tuyển sinh", "nguyện vọng", "trường chuyên", "điểm chuẩn", "hồ sơ nhập học")),
    ("Giáo dục", "chuyển đổi số trong trường học", ("học bạ số", "sổ điểm điện tử", "phần mềm quản lý trường học", "bài giảng điện tử")),
    ("Giáo dục", "xây dựng trường học đạt chuẩn quốc gia", ("phòng học kiên cố", "thư viện trường", "thiết bị dạy học", "công nhận đạt chuẩn")),
    ("Giáo dục", "phổ cập bơi và phòng chống đuối nước cho học sinh", ("bể bơi di động", "đuối nước", "kỹ năng an toàn dưới nước", "lớp dạy bơi")),
    ("Giáo dục", "bồi dưỡng đội ngũ giáo viên dạy chương trình mới", ("sách giáo khoa mới", "mô-đun bồi dưỡng", "giáo viên cốt cán", "tổ chuyên môn")),
    ("Thời sự - Chính trị", "cải cách thủ tục hành chính", ("bộ phận một cửa", "hồ sơ trễ hạn", "chỉ số hài lòng", "cắt giảm thủ tục")),
    ("Thời sự - Chính trị", "cung cấp dịch vụ công trực tuyến toàn trình", ("hồ sơ trực tuyến", "cổng dịch vụ công", "thanh toán trực tuyến", "tài khoản định danh")),
    ("Thời sự - Chính trị", "sắp xếp đơn vị hành chính cấp xã", ("sáp nhập xã", "trụ sở dôi dư", "cán bộ dôi dư", "lấy ý kiến cử tri")),
    ("Thời sự - Chính trị", "tiếp công dân và giải quyết khiếu nại tố cáo", ("đơn thư khiếu nại", "vụ việc kéo dài", "đối thoại với công dân", "tiếp công dân định kỳ")),
    ("Thời sự - Chính trị", "thực hiện mô hình chính quyền đô thị", ("chính quyền đô thị", "bỏ hội đồng nhân dân phường", "phân cấp ủy quyền")),
    ("Thời sự - Chính trị", "bầu cử đại biểu Quốc hội và Hội đồng nhân dân", ("tổ bầu cử", "cử tri", "danh sách ứng cử viên", "phiếu bầu", "khu vực bỏ phiếu")),
    ("Văn hóa - Xã hội", "lễ hội Hoa Phượng Đỏ", ("sân khấu chính", "chương trình nghệ thuật", "diễu hành đường phố", "du khách thập phương")),
    ("Văn hóa - Xã hội", "tu bổ tôn tạo di tích {relic}", ("tu bổ di tích", "di tích quốc gia đặc biệt", "hiện vật", "hồ sơ khoa học")),
    ("Văn hóa - Xã hội", "hỗ trợ người lao động gặp khó khăn do đại dịch", ("lao động tự do", "gói hỗ trợ", "danh sách chi trả", "tiền hỗ trợ")),
    ("Văn hóa - Xã hội", "xóa nhà tạm cho hộ nghèo", ("nhà đại đoàn kết", "hộ cận nghèo", "bàn giao nhà", "quỹ vì người nghèo")),
    ("Văn hóa - Xã hội", "giải quyết việc làm cho thanh niên", ("sàn giao dịch việc làm", "tư vấn hướng nghiệp", "đi làm việc ở nước ngoài", "học nghề")),
    ("Văn hóa - Xã hội", "phát triển du lịch đảo Cát Bà", ("lượng khách du lịch", "vịnh Lan Hạ", "cơ sở lưu trú", "tàu du lịch")),
    ("Văn hóa - Xã hội", "chăm sóc người có công với cách mạng", ("thương binh liệt sĩ", "nhà tình nghĩa", "trợ cấp ưu đãi", "quà tri ân")),
    ("Văn hóa - Xã hội", "đại hội thể dục thể thao các cấp", ("vận động viên", "môn thi đấu", "huy chương", "lễ khai mạc đại hội")),
    ("Quốc phòng - An ninh", "tuyển chọn và gọi công dân nhập ngũ", ("thanh niên nhập ngũ", "khám sức khỏe nghĩa vụ", "giao nhận quân", "tân binh")),
    ("Quốc phòng - An ninh", "phòng cháy chữa cháy nhà cao tầng", ("lối thoát nạn", "hệ thống báo cháy", "cảnh sát phòng cháy", "diễn tập chữa cháy")),
    ("Quốc phòng - An ninh", "bảo đảm trật tự an toàn giao thông dịp cuối năm", ("nồng độ cồn", "vi phạm giao thông", "tổ công tác liên ngành", "xử phạt vi phạm")),
    ("Quốc phòng - An ninh", "diễn tập khu vực phòng thủ {place}", ("phương án tác chiến", "lực lượng vũ trang", "thực binh", "sở chỉ huy")),
    ("Quốc phòng - An ninh", "đấu tranh phòng chống buôn lậu và hàng giả", ("hàng nhập lậu", "tịch thu hàng hóa", "quản lý thị trường", "hàng giả mạo nhãn hiệu")),
    ("Quốc phòng - An ninh", "xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc", ("tổ an ninh nhân dân", "camera an ninh", "khu dân cư an toàn", "tố giác tội phạm")),
    ("Văn hóa - Xã hội", "thu gom và xử lý rác thải sinh hoạt", ("khu xử lý rác", "phân loại rác tại nguồn", "lò đốt rác", "xe thu gom")),
    ("Văn hóa - Xã hội", "trồng mới cây xanh đô thị", ("cây bóng mát", "công viên", "vườn hoa", "chăm sóc cây xanh")),
    ("Kinh tế", "cấp nước sạch cho khu vực nông thôn {place}", ("nhà máy nước", "đường ống cấp nước", "hộ dùng nước sạch", "giá nước")),
    ("Thời sự - Chính trị", "phòng chống thiên tai và tìm kiếm cứu nạn", ("đê biển", "cơn bão", "sơ tán dân", "lực lượng ứng cứu", "neo đậu tàu thuyền")),
    ("Kinh tế", "phát triển cảng biển và dịch vụ logistics", ("cảng nước sâu", "sản lượng hàng hóa qua cảng", "trung tâm logistics", "luồng tàu")),
    ("Kinh tế", "thu ngân sách và chống thất thu thuế", ("thu nội địa", "nợ đọng thuế", "hóa đơn điện tử", "cưỡng chế nợ thuế")),
    ("Giáo dục", "xây dựng xã hội học tập", ("công dân học tập", "trung tâm học tập cộng đồng", "gia đình học tập", "dòng họ học tập")),
    ("Y tế", "khám sàng lọc bệnh không lây nhiễm cho người cao tuổi", ("tăng huyết áp", "đái tháo đường", "người cao tuổi", "hồ sơ sức khỏe điện tử")),
    ("Thi đua - Khen thưởng", "học tập và làm theo tư tưởng đạo đức phong cách Hồ Chí Minh", ("gương điển hình", "việc làm cụ thể", "chuyên đề năm", "người tốt việc tốt")),
]

SLOTS: dict[str, list[str]] = {
    "place": ["huyện Tiên Lãng", "huyện Vĩnh Bảo", "huyện Thủy Nguyên", "quận Hải An", "quận Dương Kinh",
              "huyện An Lão", "huyện Kiến Thụy", "quận Đồ Sơn", "huyện Cát Hải", "quận Ngô Quyền",
              "quận Hồng Bàng", "quận Kiến An", "huyện An Dương", "quận Lê Chân"],
    "road": ["ven sông Lạch Tray", "Hồ Sen - Cầu Rào 2", "Lê Hồng Phong", "Máng Nước - An Đồng", "Tân Vũ - Lạch Huyện",
             "Nguyễn Trãi", "Trần Hưng Đạo", "Võ Nguyên Giáp", "Phạm Văn Đồng", "ven biển Đồ Sơn", "Bùi Viện",
             "Nguyễn Văn Linh", "Hoàng Quốc Việt", "Lạch Tray kéo dài"],
    "bridge": ["Hoàng Văn Thụ", "Nguyễn Trãi", "Rào 1", "Lại Xuân", "Quang Thanh", "Khuể", "Bính 2", "Kiền"],
    "site": ["Tràng Duệ", "Nam Đình Vũ", "An Dương", "Tiên Thanh", "Nam Cầu Kiền", "Đồ Sơn", "Vinh Quang"],
    "relic": ["đình Hàng Kênh", "đền Nghè", "chùa Dư Hàng", "đình Kênh", "bãi cọc Cao Quỳ", "đền thờ Trạng Trình"],
}

CAMPAIGNS = ["Mục tiêu kép", "Dân vận khéo", "Chung tay vì người nghèo", "Hải Phòng xanh", "Đô thị văn minh",
             "Nông thôn mới nâng cao", "Vì an ninh Tổ quốc", "Doanh nghiệp đồng hành", "Chuyển đổi số toàn dân",
             "Trường học hạnh phúc", "Phường xanh sạch đẹp", "Thanh niên lập nghiệp", "Đẩy mạnh thi đua đột phá",
             "Lao động giỏi lao động sáng tạo", "Cựu chiến binh gương mẫu", "Phụ nữ tích cực học tập"]  # fmt: skip

ISSUERS = ["UBND thành phố", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Xây dựng", "Sở Y tế",
           "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa và Thể thao",
           "Bộ Chỉ huy quân sự thành phố", "Công an thành phố", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường"]  # fmt: skip
UNIT_CODES = {"UBND thành phố": "UBND", "Sở Y tế": "SYT", "Sở Giáo dục và Đào tạo": "SGDĐT", "Sở Nội vụ": "SNV"}
DOC_TYPES = [("KH", "Kế hoạch"), ("QĐ", "Quyết định"), ("HD", "Hướng dẫn"), ("CT", "Chỉ thị"), ("ĐA", "Đề án"),
             ("CTr", "Chương trình")]  # fmt: skip
# National documents that articles of many unrelated stories cite alike.
NATIONAL_DOCUMENTS = ["Nghị quyết số 45-NQ/TW ngày 24/01/2019 của Bộ Chính trị",
                      "Nghị định số 30/2020/NĐ-CP của Chính phủ", "Quyết định số 2289/QĐ-TTg của Thủ tướng Chính phủ",
                      "Nghị quyết số 128/NQ-CP của Chính phủ", "Chỉ thị số 05-CT/TW của Bộ Chính trị"]  # fmt: skip
SECTIONS = ["Thời sự - Chính trị", "Kinh tế", "Văn hóa - Xã hội", "Y tế", "Giáo dục", "Thi đua - Khen thưởng",
            "Quốc phòng - An ninh", "Thông báo"]
COMMON_TAGS = ["kinh tế", "thành phố", "xã hội", "chính quyền", "đô thị", "nông thôn", "an sinh", "UBND thành phố"]

# Two halves of each bank of phrasing: variant 0 writes with even entries, 1 with odd ones.
STAGES: dict[str, list[str]] = {
    "launch": ["Phát động {topic}", "Ban hành kế hoạch {topic}", "Triển khai {topic} năm {year}",
               "Khởi động {topic}", "Thành phố ra quân {topic}", "Quyết tâm thực hiện {topic}"],
    "guidance": ["Hướng dẫn thực hiện {topic}", "Quán triệt nhiệm vụ {topic}", "Tập huấn nghiệp vụ {topic}",
                 "Chỉ đạo các địa phương về {topic}", "Thống nhất cách làm trong {topic}", "Giao chỉ tiêu {topic}"],
    "inspection": ["Kiểm tra tiến độ {topic}", "Đoàn công tác thành phố kiểm tra {topic}",
                   "Lãnh đạo thành phố khảo sát {topic}", "Giám sát việc {topic}", "Thanh tra {topic} tại cơ sở",
                   "Làm việc với các địa phương về {topic}"],
    "progress": ["Đẩy nhanh {topic}", "Tháo gỡ vướng mắc trong {topic}", "Chuyển biến rõ nét trong {topic}",
                 "Tăng tốc {topic}", "Nhiều kết quả tích cực từ {topic}", "Gỡ khó cho {topic}"],
    "review": ["Sơ kết {topic}", "Tổng kết {topic} năm {year}", "Đánh giá kết quả {topic}",
               "Nhìn lại một năm {topic}", "Hội nghị sơ kết 6 tháng {topic}", "Rút kinh nghiệm {topic}"],
    "commendation": ["Khen thưởng tập thể, cá nhân có thành tích trong {topic}", "Tôn vinh điển hình {topic}",
                     "Trao bằng khen cho đơn vị xuất sắc trong {topic}", "Biểu dương gương tốt {topic}",
                     "Vinh danh những người góp sức cho {topic}", "Tặng cờ thi đua {topic}"],
}
TOPIC_SENTENCES = [
    "Theo báo cáo, công tác {topic} đã đạt {n}% khối lượng theo kế hoạch, trong đó {detail} được quan tâm hàng đầu.",
    "Việc {topic} nhận được sự đồng thuận của người dân, nhất là ở khâu {detail}.",
    "Tại {place}, {detail} là phần việc được ưu tiên trong {topic}.",
    "Đại diện {issuer} cho biết {detail} vẫn còn một số khó khăn, cần tiếp tục tháo gỡ.",
    "Đến nay, {n} đơn vị đã hoàn thành {detail}, góp phần vào kết quả chung của {topic}.",
    "Trong thời gian tới, thành phố tập trung {detail} và {detail2} để {topic} đạt mục tiêu đề ra.",
    "Kinh phí dành cho {detail} khoảng {n} tỷ đồng, bố trí từ ngân sách và nguồn xã hội hóa.",
    "Người dân {place} phấn khởi khi {detail} được triển khai đồng bộ với {detail2}.",
]
BOILERPLATE = [
    "Đồng chí Phó Chủ tịch UBND thành phố yêu cầu các sở, ban, ngành, địa phương tiếp tục quán triệt, nâng cao nhận thức, trách nhiệm của người đứng đầu.",
    "Hội nghị đã nghe báo cáo kết quả thực hiện nhiệm vụ và thảo luận các giải pháp trọng tâm trong thời gian tới.",
    "Các đơn vị cần bám sát chỉ đạo của Thành ủy, HĐND, UBND thành phố, chủ động xây dựng kế hoạch cụ thể.",
    "Lãnh đạo thành phố ghi nhận, biểu dương sự nỗ lực của các cấp, các ngành và nhân dân thành phố.",
    "Phát biểu tại buổi làm việc, đồng chí đề nghị tăng cường phối hợp, kịp thời báo cáo khó khăn, vướng mắc vượt thẩm quyền.",
    "Thành phố phấn đấu hoàn thành các chỉ tiêu kinh tế - xã hội năm {year}, giữ vững an ninh chính trị, trật tự an toàn xã hội.",
    "Các địa phương phải thường xuyên kiểm tra, đôn đốc, tổ chức sơ kết, rút kinh nghiệm và báo cáo định kỳ.",
    "Tham dự có đại diện lãnh đạo các sở, ngành, UBND các quận, huyện và các đơn vị liên quan.",
]
ROUNDUP_TITLES = ["Giao ban tình hình kinh tế - xã hội tháng {month}/{year}", "Phiên họp thường kỳ UBND thành phố tháng {month}/{year}",
                  "Điểm tin hoạt động nổi bật của thành phố tháng {month}/{year}", "Hội nghị giao ban các sở, ngành tháng {month}/{year}",
                  "Toàn cảnh kinh tế - xã hội thành phố tháng {month}/{year}", "Kết luận của Chủ tịch UBND thành phố tại phiên họp tháng {month}/{year}"]  # fmt: skip
ROUNDUP_LINES = ["Về {topic}, {detail} đang được các đơn vị triển khai theo kế hoạch.",
                 "Đối với {topic}, thành phố yêu cầu khẩn trương hoàn thành {detail}.",
                 "Lĩnh vực {topic} có chuyển biến, nhất là {detail}.", "Cũng trong tháng, {topic} tiếp tục được chỉ đạo sát sao."]  # fmt: skip
ROUNDUP_FILLER = ["Tổng thu ngân sách trên địa bàn ước đạt {n} nghìn tỷ đồng, chỉ số sản xuất công nghiệp tăng {n}%.",
                  "Kim ngạch xuất khẩu tiếp tục tăng, sản lượng hàng hóa qua cảng ước đạt {n} triệu tấn.",
                  "Công tác bảo đảm an sinh xã hội, quốc phòng, an ninh được thực hiện tốt."]  # fmt: skip
# fmt: on
