"""Word banks for bench/archive.py: what a city press office writes about, and how."""

# fmt: off
TAGS = (
    "kinh tế|thành phố|COVID-19|giao thông|chuyển đổi số|đầu tư|cải cách hành chính|y tế|giáo dục|"
    "thủy sản|du lịch|an sinh xã hội|môi trường|nông thôn mới|xuất khẩu|khu công nghiệp|"
    "phòng cháy chữa cháy|tuyển sinh|tiêm chủng|lễ hội|thi đua|khen thưởng|quốc phòng|tiếp công dân|"
    "dịch vụ công trực tuyến|hạ tầng|cảng biển|ngân sách|việc làm|quy hoạch|đô thị|văn hóa|thể thao"
).split("|")
CAMPAIGNS = ["Mục tiêu kép", "Chuyển đổi số", "Xây dựng nông thôn mới", "Năm an toàn giao thông",
             "Cả nước chung tay vì người nghèo", "Học tập và làm theo tư tưởng Hồ Chí Minh"]  # fmt: skip
ISSUERS = {  # name -> symbol after the type, as in 220/KH-UBND
    "UBND thành phố": "UBND", "Sở Y tế": "SYT", "Sở Giáo dục và Đào tạo": "SGDĐT",
    "Sở Nội vụ": "SNV", "Sở Giao thông vận tải": "SGTVT", "Sở Tài nguyên và Môi trường": "STNMT",
    "Ban Thi đua - Khen thưởng thành phố": "BTĐKT", "Văn phòng UBND thành phố": "VP",
    "UBND quận Lê Chân": "UBND", "Sở Nông nghiệp và Phát triển nông thôn": "SNN",
}  # fmt: skip
TYPES = {"KH": "Kế hoạch", "QĐ": "Quyết định", "TB": "Thông báo", "CT": "Chỉ thị", "HD": "Hướng dẫn",
         "BC": "Báo cáo", "KL": "Kết luận", "XX": "Văn bản"}  # KL, XX: not in Nghị định 30  # fmt: skip
SOURCES = ["Báo Hải Phòng", "Cổng TTĐT thành phố", "Đài PT&TH Hải Phòng", "Sở Thông tin và Truyền thông"]
TOPICS = (
    "phòng, chống dịch COVID-19|giải phóng mặt bằng dự án đường ven biển|tuyển sinh lớp 10|"
    "chuyển đổi số trong cơ quan nhà nước|thu hút đầu tư nước ngoài|an toàn giao thông dịp Tết|"
    "phòng cháy, chữa cháy nhà ở kết hợp kinh doanh|tiêm vắc-xin cho trẻ em|xây dựng nông thôn mới|"
    "cải cách thủ tục hành chính|bảo vệ môi trường biển|phát triển thủy sản bền vững|"
    "chỉnh trang đô thị|hỗ trợ người lao động mất việc làm|phòng, chống thiên tai mùa mưa bão|"
    "quản lý chợ truyền thống|bảo đảm an ninh trật tự|thi đua yêu nước|tiếp công dân định kỳ"
).split("|")
PLACES = ["quận Lê Chân", "quận Ngô Quyền", "huyện Thủy Nguyên", "huyện An Lão", "quận Hồng Bàng",
          "huyện Cát Hải", "quận Hải An", "huyện Vĩnh Bảo", "quận Dương Kinh", "huyện Tiên Lãng"]  # fmt: skip
OPENINGS = [
    "Sáng {day}/{month}, {who} đã chủ trì hội nghị về {topic}.",
    "Chiều {day}/{month}, đoàn công tác của {who} kiểm tra thực tế tại {place} về {topic}.",
    "Thực hiện chỉ đạo của UBND thành phố, {who} vừa ban hành văn bản hướng dẫn {topic}.",
    "Ngày {day}/{month}, tại {place}, {who} tổ chức sơ kết công tác {topic}.",
]
SENTENCES = [
    "Theo báo cáo, đến nay {place} đã hoàn thành {pct}% kế hoạch đề ra, vượt tiến độ so với cùng kỳ.",
    "{who} yêu cầu các sở, ngành, địa phương tập trung tháo gỡ khó khăn, vướng mắc về {topic}.",
    "Một số đơn vị còn chậm triển khai, chưa bố trí đủ nhân lực và kinh phí cho {topic}.",
    "Các cơ quan báo chí tăng cường tuyên truyền để người dân hiểu rõ chủ trương về {topic}.",
    "Lãnh đạo {place} cho biết, thời gian tới sẽ tiếp tục rà soát, đề xuất giải pháp về {topic}.",
    "Kinh phí thực hiện được bố trí từ ngân sách thành phố và nguồn xã hội hóa hợp pháp.",
    "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về {who} để được hướng dẫn.",
    "Năm {year}, thành phố phấn đấu tăng trưởng {pct}%, bảo đảm an sinh xã hội cho người dân.",
    "Việc triển khai phải bảo đảm công khai, minh bạch, đúng quy định, không để phát sinh khiếu kiện.",
    "Đại diện {place} kiến nghị thành phố sớm hỗ trợ kinh phí, hướng dẫn thủ tục về {topic}.",
    "Chủ tịch UBND thành phố giao {who} chủ trì, phối hợp với các đơn vị liên quan kiểm tra, đôn đốc.",
    "Kết quả thực hiện được báo cáo UBND thành phố trước ngày {day}/{month}/{year}.",
]
HEADINGS = ["Kết quả bước đầu", "Những tồn tại, hạn chế", "Nhiệm vụ, giải pháp thời gian tới",
            "Tổ chức thực hiện", "Ý kiến chỉ đạo"]  # fmt: skip
LONG_TITLE = "Thông báo kết luận của Chủ tịch UBND thành phố tại cuộc họp nghe báo cáo về {t}"
# fmt: on
